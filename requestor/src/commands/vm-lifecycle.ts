import { getStream, terminate, terminatedAmounts } from "@vm-on-golem/sdk/contract";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { DestroyedView } from "@vm-on-golem/sdk/provider-client";
import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import { type Hash, isHash } from "viem";
import { getTransactionReceipt } from "viem/actions";
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
  /** The stream was terminated by this destroy (by the CLI, or by the provider as it destroyed the VM). */
  terminated: boolean;
  /** Who terminated it: `requestor` (this CLI, the sender) or `provider` (the recipient, on destroy). */
  terminatedBy: "requestor" | "provider" | null;
  /** The stream is closed now, whoever closed it and when (false: it still pays). */
  streamClosed: boolean | null;
  refunded: bigint | null;
  paidToProvider: bigint | null;
  terminateTx: string | null;
};

/**
 * Destroys a VM: unless `keepStream`, first terminates its stream from the payment key (the
 * sender: the rest is refunded whatever gas the provider has), then destroys the VM on its
 * provider, and forgets it locally. A provider closes a paid VM's stream itself when it destroys
 * the VM (so a destroy through a stolen session leaves nobody paying); with `keepStream` that is
 * what closes it, and the chain and the provider's receipt say so. A VM the provider no longer
 * has, or a stream already closed, is no error.
 *
 * @example
 * const result = await destroyRemoteVm(await openRemoteVm(ctx, "web-1"), { keepStream: false });
 */
export async function destroyRemoteVm(
  remote: RemoteVm,
  options: { keepStream: boolean },
): Promise<DestroyResult> {
  const { config, vm, provider } = remote;
  const streamId = vm.streamId === null ? undefined : toStreamId(vm.streamId);
  let closing: Termination | undefined;
  if (streamId !== undefined && !options.keepStream) {
    closing = await terminateAsSender(remote, streamId);
  }
  let destroyedOnProvider = true;
  let answer: DestroyedView | undefined;
  try {
    answer = await provider.destroyVm(vm.vmId);
  } catch (error) {
    if (!isGolemError(error, "VM_NOT_FOUND")) throw error;
    destroyedOnProvider = false;
  }
  let streamClosed: boolean | null = null;
  if (streamId !== undefined) {
    closing ??= await terminationByProvider(remote, streamId, answer);
    const { client, address } = await chainOf(remote);
    streamClosed = (await getStream(client, { address, streamId })).closed;
  }
  await saveVm(config.home, vm.name, undefined);
  await forgetHostKeys(config.home, vm.name);
  return {
    name: vm.name,
    vmId: vm.vmId,
    destroyedOnProvider,
    streamId: vm.streamId,
    terminated: closing !== undefined,
    terminatedBy: closing?.by ?? null,
    streamClosed,
    refunded: closing?.refunded ?? null,
    paidToProvider: closing?.paidToProvider ?? null,
    terminateTx: closing?.hash ?? null,
  };
}

type Termination = {
  by: "requestor" | "provider";
  refunded: bigint;
  paidToProvider: bigint;
  hash: Hash;
};

async function chainOf(remote: RemoteVm) {
  const session = await remote.session();
  const address = session.deployment.contracts.StreamPayment.address;
  return { session, client: session.publicClient, address };
}

/** Terminates an open stream as its sender; undefined when it was (or got) closed already. */
async function terminateAsSender(
  remote: RemoteVm,
  streamId: StreamId,
): Promise<Termination | undefined> {
  const { session, client, address } = await chainOf(remote);
  if ((await getStream(client, { address, streamId })).closed) return undefined;
  try {
    const done = await terminate(await session.wallet(), { address, streamId });
    const { refundedToSender: refunded, paidToRecipient: paidToProvider, hash } = done;
    return { by: "requestor", refunded, paidToProvider, hash };
  } catch (error) {
    // Closed in between (the provider's monitor, or its own destroy): nothing left to refund.
    if (isGolemError(error, "STREAM_CLOSED")) return undefined;
    throw error;
  }
}

/** The provider's termination on destroy, as its transaction's log on chain says (not its word). */
async function terminationByProvider(
  remote: RemoteVm,
  streamId: StreamId,
  answer: DestroyedView | undefined,
): Promise<Termination | undefined> {
  const hash = answer?.stream?.closed === "now" ? answer.stream.transaction : null;
  if (!hash || !isHash(hash)) return undefined;
  const { client, address } = await chainOf(remote);
  const receipt = await getTransactionReceipt(client, { hash }).catch(() => undefined);
  const amounts = receipt && terminatedAmounts(receipt, address, streamId);
  if (!amounts) return undefined;
  return {
    by: "provider",
    refunded: amounts.refundedToSender,
    paidToProvider: amounts.paidToRecipient,
    hash,
  };
}

/** The stream line of {@link describeDestroy}. */
function streamLine(result: DestroyResult): string | undefined {
  if (result.streamId === null) return "-";
  const id = `#${result.streamId}`;
  if (result.terminatedBy === "provider") return `${id} terminated by the provider`;
  if (result.terminated) return `${id} terminated`;
  return result.streamClosed ? `${id} already closed` : `${id} left open`;
}

/** Text lines for a {@link DestroyResult}. */
export function describeDestroy(result: DestroyResult, glm: (v: bigint) => string): string {
  return renderFields([
    [
      "Destroyed",
      `${result.name} (${result.vmId})${result.destroyedOnProvider ? "" : ", already gone on the provider"}`,
    ],
    ["Stream", streamLine(result)],
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
