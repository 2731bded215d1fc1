import type { DatabaseSync } from "node:sqlite";
import { getStreamState, readTokenAddress } from "@vm-on-golem/sdk/contract";
import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import type { SignedOffer } from "@vm-on-golem/sdk/offer";
import { serviceIdOf, verifyOfferSignature } from "@vm-on-golem/sdk/offer";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, type Hex, isAddressEqual } from "viem";
import { checkAccepted } from "./issue-offer.ts";
import type { OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** What a requestor sends to pay for a VM. */
export type StreamPaymentProof = { offer: SignedOffer; streamId: string };

/** A stream that passed every check, ready to be claimed with the VM row. */
export type CheckedStream = {
  streamId: string;
  serviceId: Hex;
  offer: SignedOffer;
  ratePerSecond: bigint;
  runwaySeconds: bigint;
};

/** Parameters of {@link checkPaidStream}. */
export type CheckPaidStreamParameters = {
  settings: PaymentSettings;
  offers: OfferStore;
  db: DatabaseSync;
  /** The signed-in requestor. */
  owner: Address;
  proof: StreamPaymentProof;
  /** The resources the VM asks for; must be the offer's. */
  resources: { cpu: number; memoryGiB: number; storageGiB: number };
  /** Unix time in ms (offer expiry is the provider's clock; runway is the chain's). */
  nowMs: number;
};

const fail = (code: ConstructorParameters<typeof GolemError>[0], message: string, details = {}) =>
  new GolemError(code, message, { details });

/**
 * The provider's check of a paying stream before any VM work (rent flow step 5), read on
 * chain at one block: the stream exists and is open; its sender is the signed-in requestor;
 * its recipient is this provider; the contract streams this provider's token; its service id
 * is an offer this node signed (signature re-checked), for this requestor, unexpired, unused
 * and for these resources; its rate is at least the offer's and its runway at least the
 * offer's minimum. Each failure is its own code; nothing is written.
 *
 * @example
 * const checked = await checkPaidStream({ settings, offers, db, owner, proof, resources, nowMs: Date.now() });
 */
export async function checkPaidStream(p: CheckPaidStreamParameters): Promise<CheckedStream> {
  const { settings, offers, owner } = p;
  const streamId = toStreamId(p.proof.streamId);
  const id = streamId.toString();
  // Before any chain read: a stream paid on another StreamPayment (a native one on a GLM
  // provider, or the other way round) is refused by name, whatever its id is on ours.
  checkAccepted(settings, p.proof.offer.offer.contract);
  let token: Address;
  let state: Awaited<ReturnType<typeof getStreamState>>;
  try {
    [token, state] = await Promise.all([
      readTokenAddress(settings.client, settings.streamPayment),
      getStreamState(settings.client, { address: settings.streamPayment, streamId }),
    ]);
  } catch (error) {
    throw golemErrorFromContractError(error);
  }
  const { stream } = state;
  if (stream.sender === "0x0000000000000000000000000000000000000000") {
    throw fail("STREAM_NOT_FOUND", `stream ${id} does not exist on chain ${settings.chainId}`, {
      streamId: id,
    });
  }
  if (stream.closed) throw fail("STREAM_CLOSED", `stream ${id} is terminated`, { streamId: id });
  if (!isAddressEqual(stream.sender, owner)) {
    throw fail("STREAM_WRONG_SENDER", `stream ${id} is paid by ${stream.sender}, not by you`, {
      streamId: id,
      sender: stream.sender,
    });
  }
  if (!isAddressEqual(stream.recipient, settings.account.address)) {
    throw fail(
      "STREAM_WRONG_RECIPIENT",
      `stream ${id} pays ${stream.recipient}, not this provider (${settings.account.address})`,
      { streamId: id, recipient: stream.recipient, provider: settings.account.address },
    );
  }
  if (!isAddressEqual(token, settings.token)) {
    throw fail(
      "STREAM_WRONG_TOKEN",
      `StreamPayment ${settings.streamPayment} streams ${token}, not this provider's token ${settings.token}`,
      { token, expected: settings.token },
    );
  }

  const serviceId = stream.serviceId.toLowerCase() as Hex;
  const stored = offers.get(serviceId);
  if (
    stored === undefined ||
    serviceIdOf(p.proof.offer.offer) !== serviceId ||
    !isAddressEqual(stored.signed.offer.provider, settings.account.address) ||
    !(await verifyOfferSignature(stored.signed))
  ) {
    throw fail(
      "OFFER_UNKNOWN",
      `stream ${id} pays for service ${serviceId}, which is not the offer sent or not one this provider signed`,
      { streamId: id, serviceId },
    );
  }
  const offer = stored.signed.offer;
  if (!isAddressEqual(offer.requestor, owner)) {
    throw fail("OFFER_INVALID", `offer ${serviceId} was issued to ${offer.requestor}, not to you`);
  }
  const nowSeconds = Math.floor(p.nowMs / 1000);
  if (offer.expiresAt <= nowSeconds) {
    throw fail(
      "OFFER_EXPIRED",
      `offer ${serviceId} expired ${nowSeconds - offer.expiresAt} s ago`,
      {
        expiresAt: offer.expiresAt,
      },
    );
  }
  const usedBy = p.db.prepare("SELECT id FROM vms WHERE stream_id = ?").get(id);
  if (stored.usedByVm !== null || usedBy !== undefined) {
    throw fail("STREAM_ALREADY_USED", `stream ${id} and its offer already paid for a VM`, {
      streamId: id,
    });
  }
  const { cpu, memoryGiB, storageGiB } = offer.resources;
  if (
    cpu !== p.resources.cpu ||
    memoryGiB !== p.resources.memoryGiB ||
    storageGiB !== p.resources.storageGiB
  ) {
    throw fail(
      "OFFER_INVALID",
      `the offer is for ${cpu} CPU, ${memoryGiB} GiB memory, ${storageGiB} GiB disk; the VM asks for ${p.resources.cpu}, ${p.resources.memoryGiB}, ${p.resources.storageGiB}`,
    );
  }
  if (stream.ratePerSecond < offer.ratePerSecond) {
    throw fail(
      "STREAM_RATE_TOO_LOW",
      `stream ${id} pays ${stream.ratePerSecond}/s; the offer asks ${offer.ratePerSecond}/s`,
      { rate: stream.ratePerSecond.toString(), offerRate: offer.ratePerSecond.toString() },
    );
  }
  if (state.runwaySeconds < BigInt(offer.minRunwaySeconds)) {
    throw fail(
      "STREAM_UNDERFUNDED",
      `stream ${id} has ${state.runwaySeconds} s of runway; the offer needs ${offer.minRunwaySeconds} s`,
      { runwaySeconds: state.runwaySeconds.toString(), minRunwaySeconds: offer.minRunwaySeconds },
    );
  }
  return {
    streamId: id,
    serviceId,
    offer: stored.signed,
    ratePerSecond: stream.ratePerSecond,
    runwaySeconds: state.runwaySeconds,
  };
}

/**
 * Marks a checked stream's offer used by `vmId`. Call it inside the transaction that
 * reserves the VM row, so two creates racing on one stream cannot both win.
 */
export function claimCheckedStream(offers: OfferStore, checked: CheckedStream, vmId: string) {
  if (!offers.markUsed(checked.serviceId, vmId, checked.streamId)) {
    throw fail("STREAM_ALREADY_USED", `stream ${checked.streamId} already paid for a VM`, {
      streamId: checked.streamId,
    });
  }
}
