import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { getStreamState } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { SignedOfferJson } from "@vm-on-golem/sdk/offer";
import type { CreateVmBody, ProviderClient, VmView } from "@vm-on-golem/sdk/provider-client";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import { type Address, isAddressEqual } from "viem";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { openRequestorDb } from "../state/requestor-db.ts";

/** Parameters of {@link createOnStream}. */
export type CreateOnStreamParameters = {
  session: ChainSession;
  wallet: SigningClient;
  provider: Pick<ProviderClient, "signIn" | "createVm">;
  /** The state folder whose db holds the offers this machine paid for. */
  home: string;
  vm: Omit<CreateVmBody, "offer" | "streamId">;
  providerId: Address;
  streamId: StreamId;
};

/**
 * `golem vm create --stream-id`: creates the VM on a stream that is already open. A provider
 * only accepts a stream whose serviceId is the hash of an offer it signed for this requestor
 * and has not used yet, so the stream must have been opened here by an earlier `golem vm create`
 * whose VM step failed: its offer was saved in the local db before paying. The offer must name
 * the same size and still be valid. Checked on chain first (sender, recipient, open), so a wrong
 * stream fails before the provider is asked.
 *
 * @example
 * const vm = await createOnStream({ session, wallet, provider, home, vm: body, providerId, streamId: 7n as StreamId });
 */
export async function createOnStream(params: CreateOnStreamParameters): Promise<VmView> {
  const { session, streamId, providerId } = params;
  const me = params.wallet.account.address;
  const { stream } = await getStreamState(session.publicClient, {
    address: session.deployment.contracts.StreamPayment.address,
    streamId,
  });
  const details = { streamId: streamId.toString() };
  if (stream.closed) {
    throw new GolemError("STREAM_CLOSED", `stream #${streamId} is closed`, { details });
  }
  if (!isAddressEqual(stream.sender, me)) {
    throw new GolemError(
      "STREAM_WRONG_SENDER",
      `stream #${streamId} was opened by ${stream.sender}, not by ${me}`,
      {
        details,
      },
    );
  }
  if (!isAddressEqual(stream.recipient, providerId)) {
    throw new GolemError(
      "STREAM_WRONG_RECIPIENT",
      `stream #${streamId} pays ${stream.recipient}, not ${providerId}`,
      {
        details,
      },
    );
  }
  const db = openRequestorDb(params.home);
  let saved: ReturnType<typeof db.getOffer>;
  try {
    saved = db.getOffer(stream.serviceId);
  } finally {
    db.close();
  }
  if (saved === undefined) {
    throw new GolemError(
      "OFFER_UNKNOWN",
      `stream #${streamId} pays for service ${stream.serviceId}, which is no offer this machine saved`,
      {
        hints: [
          "a provider creates a VM only on a stream opened for an offer it signed: use --stream-id only to retry a `golem vm create` whose stream was opened but whose VM was not made",
          "otherwise rent with --hours, which gets a fresh offer and opens its stream",
        ],
        details: { ...details, serviceId: stream.serviceId },
      },
    );
  }
  const offer = JSON.parse(saved.offerJson) as SignedOfferJson;
  const r = offer.offer.resources;
  if (
    r.cpu !== params.vm.cpu ||
    r.memoryGiB !== params.vm.memoryGiB ||
    r.storageGiB !== params.vm.storageGiB
  ) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `stream #${streamId} pays for ${r.cpu} CPU, ${r.memoryGiB} GiB RAM, ${r.storageGiB} GiB disk, not the size asked for`,
      {
        hints: [`pass --cpu ${r.cpu} --memory ${r.memoryGiB} --storage ${r.storageGiB}`],
        details: { ...details, field: "--cpu" },
      },
    );
  }
  await params.provider.signIn();
  return params.provider.createVm({ ...params.vm, offer, streamId: streamId.toString() });
}
