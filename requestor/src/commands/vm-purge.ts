import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderTable } from "../cli/output.ts";
import { confirmOrFail } from "../cli/progress.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { openRemoteVm } from "./remote-vm.ts";
import { type DestroyResult, destroyRemoteVm } from "./vm-lifecycle.ts";

/**
 * `golem vm purge [--yes] [--keep-streams]`: destroys every recorded VM and terminates its
 * stream, after one confirmation. One VM failing does not stop the others; the command fails
 * at the end when any did.
 */
export async function runPurge(
  ctx: CliContext,
  opts: GlobalOptions & { yes?: boolean | undefined; keepStreams?: boolean | undefined },
): Promise<void> {
  const config = await ctx.config();
  const db = openRequestorDb(await ensureHome(config.home));
  const names = db.listVms().map((vm) => vm.name);
  db.close();
  if (names.length === 0) {
    printResult(
      ctx,
      opts,
      { destroyed: [], failed: [] },
      () => "No VMs recorded; nothing to purge.",
    );
    return;
  }
  const ok = await confirmOrFail(
    ctx,
    `Destroy ${names.length} VM(s) (${names.join(", ")})${opts.keepStreams ? "" : " and terminate their streams"}?`,
    opts.yes,
  );
  if (!ok) return;
  const destroyed: DestroyResult[] = [];
  const failed: { name: string; code: string; message: string }[] = [];
  for (const name of names) {
    try {
      destroyed.push(
        await destroyRemoteVm(await openRemoteVm(ctx, name), {
          keepStream: opts.keepStreams === true,
        }),
      );
    } catch (error) {
      const code = isGolemError(error) ? error.code : "INTERNAL";
      failed.push({ name, code, message: error instanceof Error ? error.message : String(error) });
    }
  }
  printResult(ctx, opts, { destroyed, failed }, () =>
    renderTable(
      ["Name", "Result"],
      [
        ...destroyed.map((d) => [
          d.name,
          d.terminated ? `destroyed, stream #${d.streamId} terminated` : "destroyed",
        ]),
        ...failed.map((f) => [f.name, `failed: ${f.code} ${f.message}`]),
      ],
    ),
  );
  if (failed.length > 0) {
    throw new GolemError(
      "PROVIDER_UNREACHABLE",
      `${failed.length} VM(s) could not be destroyed: ${failed.map((f) => f.name).join(", ")}`,
      {
        hints: [
          "run `golem vm purge` again when their providers answer, or `golem vm destroy <name>`",
        ],
        details: { failed: failed.map((f) => f.name) },
      },
    );
  }
}
