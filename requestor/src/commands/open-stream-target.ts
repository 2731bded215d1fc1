import { getStream } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { openChainSession } from "../chain/open-chain-session.ts";
import { payingOn, recordedStreamContract } from "../chain/paying-with.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { resolveStreamRef, type StreamRef, streamArgument } from "./resolve-stream-ref.ts";

/**
 * The stream a `golem vm stream …` command names (a VM name or a stream id, positional or
 * `--stream-id`) and the chain session seen through the StreamPayment it was recorded on, so an
 * ETH stream is read, topped up and terminated on StreamPaymentNative.
 *
 * @example
 * const { target, session } = await openStreamTarget(config, ref, opts.streamId);
 */
export async function openStreamTarget(
  config: RequestorConfig,
  positional: string | undefined,
  flag: string | undefined,
): Promise<{ target: StreamRef; session: ChainSession }> {
  const db = openRequestorDb(await ensureHome(config.home));
  try {
    const target = resolveStreamRef(streamArgument(positional, flag), db);
    const chain = await openChainSession(config);
    const at = { streamId: target.streamId.toString(), vmName: target.vmName };
    return { target, session: payingOn(chain, recordedStreamContract(db, chain.chainId, at)) };
  } finally {
    db.close();
  }
}

/**
 * The stream `target` names, read on the StreamPayment of `session`; a terminated one is
 * `STREAM_CLOSED` (nothing can be added to it).
 *
 * @example const { stream, address } = await readOpenStream(session, target.streamId);
 */
export async function readOpenStream(session: ChainSession, streamId: StreamId) {
  const address = session.deployment.contracts.StreamPayment.address;
  const stream = await getStream(session.publicClient, { address, streamId });
  if (stream.closed) {
    throw new GolemError("STREAM_CLOSED", `stream #${streamId} is terminated`, {
      details: { streamId: streamId.toString() },
    });
  }
  return { stream, address };
}
