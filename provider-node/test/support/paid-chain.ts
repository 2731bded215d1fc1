import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { createStream, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { createTestChain, type TestChain } from "@vm-on-golem/sdk/test-support/create-test-chain";
import type { Address, Hex, LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signMessage } from "viem/actions";
import type { PaymentSettings } from "../../src/payments/payment-settings.ts";

/** Hourly test prices: 1 CPU + 1 GiB + 2 GiB disk = 2 200 000 000 base units per second. */
export const testPrices = {
  perCoreHour: 3_600_000_000_000n,
  perGiBMemoryHour: 3_600_000_000_000n,
  perGiBDiskHour: 360_000_000_000n,
};

/** A wallet client as the SIWE helpers need it (its node signs). */
export function siweSignerOf(wallet: SigningClient): Pick<LocalAccount, "address" | "signMessage"> {
  return {
    address: wallet.account.address,
    signMessage: ({ message }) => signMessage(wallet, { account: wallet.account, message }),
  };
}

/** A real in-process chain with a provider payment key and funded requestor and stranger. */
export type PaidChain = TestChain & {
  /** The provider's payment key (a fresh random key, as a first start generates). */
  providerKey: Hex;
  providerAccount: LocalAccount;
  /** Payment settings of a node paid through the chain's deployment. */
  settings: (overrides?: Partial<PaymentSettings>) => PaymentSettings;
  /** Opens a stream from `wallet` on the deployment (or `streamPayment`) and returns its id. */
  openStream(
    wallet: SigningClient,
    p: {
      recipient: Address;
      ratePerSecond: bigint;
      seconds: bigint;
      serviceId: Hex;
      streamPayment?: Address;
    },
  ): Promise<string>;
};

/**
 * {@link createTestChain} plus what paid API tests share: a provider key and test GLM for the
 * requestor and the stranger.
 *
 * @example const chain = await createPaidChain(); const h = await createApiHarness({ paymentSettings: chain.settings() });
 */
export async function createPaidChain(): Promise<PaidChain> {
  const chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  await requestGlmFromFaucet(chain.stranger, { token: chain.glm });
  const providerKey = generatePrivateKey();
  const providerAccount = privateKeyToAccount(providerKey);
  return {
    ...chain,
    providerKey,
    providerAccount,
    settings: (overrides = {}) => ({
      account: providerAccount,
      client: chain.publicClient,
      chainId: chain.deployment.chainId,
      streamPayment: chain.streamPayment,
      token: chain.glm,
      prices: testPrices,
      minRunwaySeconds: 3600,
      offerTtlSeconds: 600,
      maxOpenOffersPerRequestor: 20,
      ...overrides,
    }),
    openStream: async (wallet, p) => {
      const { streamId } = await createStream(wallet, {
        address: p.streamPayment ?? chain.streamPayment,
        recipient: p.recipient,
        deposit: p.ratePerSecond * p.seconds,
        ratePerSecond: p.ratePerSecond,
        serviceId: p.serviceId,
      });
      return streamId.toString();
    },
  };
}
