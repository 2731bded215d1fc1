import { getAddress, keccak256, toHex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { getStream } from "../contract/get-stream.ts";
import { requestGlmFromFaucet } from "../contract/request-glm-from-faucet.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import type { Offer } from "../offer/offer-schema.ts";
import { signedOfferToJson } from "../offer/offer-schema.ts";
import { offerTypedData, serviceIdOf } from "../offer/offer-typed-data.ts";
import type { CreateVmBody, VmView } from "../provider-api/vms.ts";
import type { ProviderClient } from "../provider-client/create-provider-client.ts";
import { rentRunwayMarginSeconds, rentVm } from "./rent-vm.ts";

// The chain, the contracts, the permit and the stream are real; the provider's HTTP side is a
// stand-in object that signs offers with a real key (the provider node has its own tests of
// POST /offers and of the stream check, and the CLI's end-to-end test runs both together).
const providerKey = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());
let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

function standInProvider(tweak: (offer: Offer) => Offer = (o) => o, signer = providerKey) {
  const created: CreateVmBody[] = [];
  const client = {
    signIn: async () => ({ token: "t", address: chain.requestor.account.address, expiresAt: "" }),
    createOffer: async (body: { cpu: number; memoryGiB: number; storageGiB: number }) => {
      const offer = tweak({
        provider: providerKey.address,
        requestor: chain.requestor.account.address,
        resources: { cpu: body.cpu, memoryGiB: body.memoryGiB, storageGiB: body.storageGiB },
        image: "",
        ratePerSecond: 1_000_000n,
        token: chain.glm,
        chainId: chain.deployment.chainId,
        contract: chain.streamPayment,
        minRunwaySeconds: 3600,
        expiresAt: Math.floor(Date.now() / 1000) + 600,
        nonce: keccak256(toHex(Math.random().toString())),
      });
      // Signed directly (not with signOffer) so a test can sign with a key that is not the provider's.
      const signature = await signer.signTypedData(offerTypedData(offer));
      return { ...signedOfferToJson({ offer, signature }), serviceId: serviceIdOf(offer) };
    },
    createVm: async (body: CreateVmBody) => {
      created.push(body);
      return { id: "vm-1", name: body.name, status: "creating" } as VmView;
    },
  };
  return { client: client as unknown as ProviderClient, created };
}

const vm = {
  name: "web-1",
  cpu: 1,
  memoryGiB: 1,
  storageGiB: 10,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
};
const deployment = () => ({
  chainId: chain.deployment.chainId,
  streamPayment: chain.streamPayment,
  token: chain.glm,
});

describe("rentVm", () => {
  test("opens a permit stream that pays the offer's provider for the offer's hash, then creates the VM with both", async () => {
    const { client, created } = standInProvider();
    const steps: string[] = [];
    const result = await rentVm({
      provider: client,
      wallet: chain.requestor,
      deployment: deployment(),
      providerId: providerKey.address,
      vm,
      hours: 2,
      onStep: (s) => steps.push(s),
    });
    expect(steps).toEqual(["sign-in", "offer", "stream", "create"]);
    const onChain = await getStream(chain.publicClient, {
      address: chain.streamPayment,
      streamId: result.streamId,
    });
    expect(onChain.recipient).toBe(providerKey.address);
    expect(onChain.sender).toBe(getAddress(chain.requestor.account.address));
    expect(onChain.serviceId).toBe(result.quote.serviceId);
    expect(onChain.ratePerSecond).toBe(1_000_000n);
    expect(result.quote.deposit).toBe(1_000_000n * 7200n);
    expect(created).toHaveLength(1);
    expect(created[0]?.streamId).toBe(result.streamId.toString());
    expect(created[0]?.offer?.offer.provider).toBe(providerKey.address);
  });

  test("refuses hours that do not cover the offer's minimum runway plus the margin, before paying", async () => {
    const { client, created } = standInProvider();
    const sender = chain.requestor.account.address;
    const before = await chain.publicClient.getTransactionCount({ address: sender });
    const rejection = await golemRejection(
      rentVm({ provider: client, wallet: chain.requestor, deployment: deployment(), vm, hours: 1 }),
    );
    expect(rejection.code).toBe("VALIDATION_FAILED");
    expect(rejection.hints[0]).toBe(
      `rent for ${Math.ceil((3600 + Number(rentRunwayMarginSeconds)) / 360) / 10} hours or more`,
    );
    expect(await chain.publicClient.getTransactionCount({ address: sender })).toBe(before);
    expect(created).toHaveLength(0);
  });

  test.each([
    ["signed by another key", (o: Offer) => o, stranger],
    ["for another requestor", (o: Offer) => ({ ...o, requestor: stranger.address }), providerKey],
    ["on another contract", (o: Offer) => ({ ...o, contract: chain.glm }), providerKey],
    [
      "for another size",
      (o: Offer) => ({ ...o, resources: { ...o.resources, cpu: 8 } }),
      providerKey,
    ],
  ] as const)("refuses an offer %s and opens no stream", async (_name, tweak, signer) => {
    const { client, created } = standInProvider(tweak, signer);
    const before = await chain.publicClient.getTransactionCount({
      address: chain.requestor.account.address,
    });
    const rejection = await golemRejection(
      rentVm({
        provider: client,
        wallet: chain.requestor,
        deployment: deployment(),
        providerId: providerKey.address,
        vm,
        hours: 1,
      }),
    );
    expect(rejection.code).toBe("OFFER_INVALID");
    expect(
      await chain.publicClient.getTransactionCount({ address: chain.requestor.account.address }),
    ).toBe(before);
    expect(created).toHaveLength(0);
  });

  test("a top-up budget on a native-ETH deployment is refused before sign-in; nothing is paid", async () => {
    const { client, created } = standInProvider();
    let signedIn = false;
    const watched = {
      ...client,
      signIn: async () => {
        signedIn = true;
        return client.signIn();
      },
    } as ProviderClient;
    const sender = chain.requestor.account.address;
    const before = await chain.publicClient.getTransactionCount({ address: sender });
    const rejection = await golemRejection(
      rentVm({
        provider: watched,
        wallet: chain.requestor,
        deployment: { ...deployment(), token: zeroAddress },
        vm,
        hours: 2,
        autoTopUpHours: 6,
      }),
    );
    expect(rejection.code).toBe("VALIDATION_FAILED");
    expect(rejection.hints[0]).toContain("--pay glm");
    expect(signedIn).toBe(false);
    expect(await chain.publicClient.getTransactionCount({ address: sender })).toBe(before);
    expect(created).toHaveLength(0);
  });

  test("an expired offer is OFFER_EXPIRED; a declined quote is USER_REJECTED; neither pays", async () => {
    const expired = standInProvider((o) => ({ ...o, expiresAt: 1_000 }));
    expect(
      (
        await golemRejection(
          rentVm({
            provider: expired.client,
            wallet: chain.requestor,
            deployment: deployment(),
            vm,
            hours: 1,
          }),
        )
      ).code,
    ).toBe("OFFER_EXPIRED");
    const declined = standInProvider();
    const rejection = await golemRejection(
      rentVm({
        provider: declined.client,
        wallet: chain.requestor,
        deployment: deployment(),
        vm,
        hours: 1,
        confirm: async (q) => q.deposit < 0n,
      }),
    );
    expect(rejection.code).toBe("USER_REJECTED");
    expect(declined.created).toHaveLength(0);
  });
});
