import { getGlmBalance, getStream, terminate } from "@vm-on-golem/sdk/contract";
import type { Address } from "viem";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";

// Real chain (in-process Hardhat with the real contracts), real API; the fake VM driver,
// because the VM is not the subject: who pays after a destroy is.
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const balances = async () => {
  const of = (owner: Address) => getGlmBalance(chain.publicClient, { token: chain.glm, owner });
  return {
    requestor: await of(chain.requestor.account.address),
    provider: await of(chain.providerAccount.address),
    contract: await of(chain.streamPayment),
  };
};

describe("destroying a paid VM through the API closes its stream", () => {
  test("a session (stolen or not) destroys the VM: the stream is terminated on chain, accrued to the provider, the rest refunded", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings() });
    const { vmId, streamId, rate, authorization } = await rentPaidVm(h, chain, { seconds: 7200n });
    await chain.time.increase(600);
    const before = await balances();
    const opened = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });

    const res = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/vms/${vmId}`,
      headers: { host: testHost, authorization },
    });
    expect(res.statusCode, res.body).toBe(200);

    const closed = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    expect(closed.closed).toBe(true);
    const after = await balances();
    const paid = after.provider - before.provider;
    const refunded = after.requestor - before.requestor;
    // Everything left in the stream went out: to the provider for the time served, the rest back.
    expect(before.contract - after.contract).toBe(opened.balance);
    expect(paid + refunded).toBe(opened.balance);
    // Nothing was withdrawn before: the provider's share is rate × seconds served.
    const served = paid / rate;
    expect(served).toBeGreaterThanOrEqual(600n);
    expect(served).toBeLessThan(620n);
    expect(paid % rate).toBe(0n);
    expect(res.json()).toEqual({
      id: vmId,
      status: "destroyed",
      stream: {
        streamId: streamId.toString(),
        closed: "now",
        paidToProvider: paid.toString(),
        refunded: refunded.toString(),
        transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      },
    });
    expect(h.service.listVms()).toEqual([]);
  });

  test("a depleted stream has nothing to refund: left as it is, no transaction (no gas needed)", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings() });
    const { vmId, streamId, authorization } = await rentPaidVm(h, chain, { name: "dry" });
    await chain.time.increase(7300);
    const before = await balances();
    const nonce = () =>
      chain.publicClient.getTransactionCount({ address: chain.providerAccount.address });
    const sent = await nonce();
    const res = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/vms/${vmId}`,
      headers: { host: testHost, authorization },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stream).toMatchObject({ streamId: streamId.toString(), closed: "depleted" });
    expect(await nonce()).toBe(sent);
    expect(await balances()).toEqual(before);
    expect(h.service.listVms()).toEqual([]);
  });

  test("a stream the requestor already closed is left as it is, and the VM still goes", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings() });
    const { vmId, streamId, authorization } = await rentPaidVm(h, chain, { name: "gone" });
    await terminate(chain.requestor, { address: chain.streamPayment, streamId });
    const before = await balances();
    const res = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/vms/${vmId}`,
      headers: { host: testHost, authorization },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stream).toEqual({
      streamId: streamId.toString(),
      closed: "already",
      paidToProvider: null,
      refunded: null,
      transaction: null,
    });
    expect(await balances()).toEqual(before);
    expect(h.service.listVms()).toEqual([]);
  });
});
