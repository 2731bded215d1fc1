import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { sanitizeTerminalText } from "@vm-on-golem/sdk/text";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult } from "../cli/output.ts";
import { openRemoteVm } from "./remote-vm.ts";

/**
 * `golem vm console NAME`: the recent output of the VM's serial console, as its provider keeps
 * it (a bounded amount). The guest's text has its escape sequences removed before printing:
 * a hostile guest cannot rewrite the terminal.
 */
export async function runConsole(
  ctx: CliContext,
  name: string,
  opts: GlobalOptions,
): Promise<void> {
  const { vm, provider } = await openRemoteVm(ctx, name);
  let view: Awaited<ReturnType<typeof provider.vmConsole>>;
  try {
    view = await provider.vmConsole(vm.vmId);
  } catch (error) {
    // An older provider has no console route: its 404 is NOT_FOUND, not VM_NOT_FOUND.
    if (
      isGolemError(error, "NOT_FOUND") ||
      (isGolemError(error, "INTERNAL") && error.status === 404)
    ) {
      throw new GolemError("NOT_SUPPORTED", `provider ${vm.providerId} does not show VM consoles`, {
        hints: [
          `its node is older than the console API; ask the operator to upgrade, or use \`golem vm ssh ${name} -- sudo journalctl -b\``,
        ],
        details: { providerApiUrl: vm.providerApiUrl },
        cause: error,
      });
    }
    throw error;
  }
  printResult(ctx, opts, view, () => sanitizeTerminalText(view.output).replace(/\n$/, ""));
}
