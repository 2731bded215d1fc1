import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { terminate } from "@vm-on-golem/sdk/contract/terminate";
import { isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { formatTokenAmount } from "@vm-on-golem/sdk/money/format-token-amount";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { withProgress } from "../cli/progress.ts";
import { forgetHostKeys } from "../state/ssh-key.ts";
import { openRemoteVm, type RemoteVm, saveVm } from "./remote-vm.ts";
import { waitForVmReady } from "./wait-for-vm-ready.ts";

/** `golem vm stop NAME`: stops the VM on its provider (disk kept; the stream keeps paying). */
export async function runStop(ctx: CliContext, name: string, opts: GlobalOptions): Promise<void> {
  const { config, vm, provider } = await openRemoteVm(ctx, name);
  const view = await withProgress(ctx, `stopping ${name}`, () => provider.stopVm(vm.vmId));
  await saveVm(config.home, name, { ...vm, status: view.status });
  printResult(
    ctx,
    opts,
    { name, vmId: vm.vmId, status: view.status },
    () =>
      `${name} is ${view.status}; its stream #${vm.streamId ?? "-"} keeps paying until you destroy it`,
  );
}

/** `golem vm start NAME`: starts a stopped VM and waits until SSH answers again. */
export async function runStart(ctx: CliContext, name: string, opts: GlobalOptions): Promise<void> {
  const { config, vm, provider } = await openRemoteVm(ctx, name);
  await withProgress(ctx, `starting ${name}`, () => provider.startVm(vm.vmId));
  const { running, access } = await waitForVmReady({
    ctx,
    config,
    name,
    provider,
    vmId: vm.vmId,
    sshKeyPath: vm.sshKeyPath,
  });
  const row = { ...vm, status: running.status, sshHost: access.host, sshPort: access.port };
  await saveVm(config.home, name, row);
  printResult(
    ctx,
    opts,
    { name, vmId: vm.vmId, status: running.status, sshPort: access.port },
    () => `${name} is ${running.status}; connect with \`golem vm ssh ${name}\``,
  );
}

/** What `destroyRemoteVm` did. */
export type DestroyResult = {
  name: string;
  vmId: string;
  /** False when the provider no longer knew the VM. */
  destroyedOnProvider: boolean;
  streamId: string | null;
  terminated: boolean;
  refunded: bigint | null;
  paidToProvider: bigint | null;
  terminateTx: string | null;
};

/**
 * Destroys a VM on its provider, then (unless `keepStream`) terminates its stream, and forgets it
 * locally. A VM the provider no longer has still has its stream closed and row removed.
 *
 * @example
 * const result = await destroyRemoteVm(await openRemoteVm(ctx, "web-1"), { keepStream: false });
 */
export async function destroyRemoteVm(
  remote: RemoteVm,
  options: { keepStream: boolean },
): Promise<DestroyResult> {
  const { config, vm, provider } = remote;
  let destroyedOnProvider = true;
  try {
    await provider.destroyVm(vm.vmId);
  } catch (error) {
    if (!isGolemError(error, "VM_NOT_FOUND")) throw error;
    destroyedOnProvider = false;
  }
  const result: DestroyResult = {
    name: vm.name,
    vmId: vm.vmId,
    destroyedOnProvider,
    streamId: vm.streamId,
    terminated: false,
    refunded: null,
    paidToProvider: null,
    terminateTx: null,
  };
  if (vm.streamId !== null && !options.keepStream) {
    const streamId = toStreamId(vm.streamId);
    const session = await remote.session();
    const address = session.deployment.contracts.StreamPayment.address;
    const { stream } = await getStreamState(session.publicClient, { address, streamId });
    if (!stream.closed) {
      const done = await terminate(await session.wallet(), { address, streamId });
      Object.assign(result, {
        terminated: true,
        refunded: done.refundedToSender,
        paidToProvider: done.paidToRecipient,
        terminateTx: done.hash,
      });
    }
  }
  await saveVm(config.home, vm.name, undefined);
  await forgetHostKeys(config.home, vm.name);
  return result;
}

/** Text lines for a {@link DestroyResult}. */
export function describeDestroy(result: DestroyResult, glm: (v: bigint) => string): string {
  return renderFields([
    [
      "Destroyed",
      `${result.name} (${result.vmId})${result.destroyedOnProvider ? "" : ", already gone on the provider"}`,
    ],
    [
      "Stream",
      result.streamId === null
        ? "-"
        : `#${result.streamId}${result.terminated ? " terminated" : " left open"}`,
    ],
    ["Refunded", result.refunded === null ? undefined : glm(result.refunded)],
    ["Paid to provider", result.paidToProvider === null ? undefined : glm(result.paidToProvider)],
  ]);
}

/** `golem vm destroy NAME [--keep-stream]`. */
export async function runDestroy(
  ctx: CliContext,
  name: string,
  opts: GlobalOptions & { keepStream?: boolean | undefined },
): Promise<void> {
  const remote = await openRemoteVm(ctx, name);
  const { GLM } = (await remote.session()).deployment.contracts;
  const result = await withProgress(ctx, `destroying ${name}`, () =>
    destroyRemoteVm(remote, { keepStream: opts.keepStream === true }),
  );
  printResult(ctx, opts, result, () => describeDestroy(result, (v) => formatTokenAmount(v, GLM)));
}
