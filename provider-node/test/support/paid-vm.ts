import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import { expect } from "vitest";
import { type ApiHarness, testHost } from "./api-harness.ts";
import { type PaidChain, siweSignerOf } from "./paid-chain.ts";

/**
 * Rents a VM through the paid API the way a requestor does: signs in, takes an offer for
 * 1 CPU / 1 GiB / 2 GiB, opens a stream funded for `seconds`, creates the VM and waits until
 * it runs.
 *
 * @example const { vmId, streamId, rate, authorization } = await rentPaidVm(h, chain, { seconds: 7200n });
 */
export async function rentPaidVm(
  h: ApiHarness,
  chain: PaidChain,
  options: { name?: string; seconds?: bigint } = {},
): Promise<{ vmId: string; streamId: StreamId; rate: bigint; authorization: string }> {
  const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
  const headers = { host: testHost, authorization };
  const offer = (
    await h.app.inject({
      method: "POST",
      url: "/api/v1/offers",
      headers,
      payload: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
    })
  ).json();
  const rate = BigInt(offer.offer.ratePerSecond);
  const streamId = await chain.openStream(chain.requestor, {
    recipient: chain.providerAccount.address,
    ratePerSecond: rate,
    seconds: options.seconds ?? 7200n,
    serviceId: offer.serviceId,
  });
  const created = await h.app.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers,
    payload: {
      name: options.name ?? "web",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
      offer: { offer: offer.offer, signature: offer.signature },
      streamId,
    },
  });
  expect(created.statusCode, created.body).toBe(202);
  const vmId: string = created.json().id;
  await expect.poll(() => h.service.getVm(vmId).status).toBe("running");
  return { vmId, streamId: toStreamId(streamId), rate, authorization };
}
