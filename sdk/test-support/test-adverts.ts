import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import type { Advert, SignedAdvert } from "../src/advert/advert-schema.ts";
import { type AdvertContent, buildAdvert, signAdvert } from "../src/advert/sign-advert.ts";

/** Chain id used by advert tests (Hardhat's local chain). */
export const TEST_CHAIN_ID = 31337;
/** StreamPayment address used by advert tests. */
export const TEST_STREAM_PAYMENT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
/** Token address used by advert tests. */
export const TEST_TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const;
/** The deployment advert tests accept. */
export const TEST_ACCEPT = [{ chainId: TEST_CHAIN_ID, streamPayment: TEST_STREAM_PAYMENT }];

/** A fresh random provider key (test helper). */
export function testProvider(): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey());
}

/** Advert content with sensible values; override what a test is about (test helper). */
export function testAdvertContent(overrides: Partial<AdvertContent> = {}): AdvertContent {
  return {
    peerId: "12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ",
    multiaddrs: ["/ip4/127.0.0.1/tcp/4001"],
    apiUrl: "http://127.0.0.1:7466",
    resources: {
      total: { cpu: 8, memoryGiB: 32, storageGiB: 500 },
      free: { cpu: 4, memoryGiB: 16, storageGiB: 200 },
    },
    prices: { perCoreHour: 10n ** 16n, perGiBMemoryHour: 10n ** 15n, perGiBDiskHour: 10n ** 13n },
    country: "PL",
    platform: "x86_64",
    chainId: TEST_CHAIN_ID,
    streamPayment: TEST_STREAM_PAYMENT,
    token: TEST_TOKEN,
    sshPorts: { first: 50800, last: 50900 },
    maxPublishedPorts: 4,
    ...overrides,
  };
}

/** Parameters of {@link testSignedAdvert}. */
export type TestSignedAdvertParameters = {
  signer: PrivateKeyAccount;
  content?: Partial<AdvertContent>;
  sequence?: number;
  issuedAt?: number;
  ttlSeconds?: number;
  /** Change the advert after building it (e.g. to forge the provider). */
  edit?: (advert: Advert) => Advert;
};

/** Builds and signs a test advert (test helper). */
export async function testSignedAdvert(
  parameters: TestSignedAdvertParameters,
): Promise<SignedAdvert> {
  const advert = buildAdvert({
    provider: parameters.signer.address,
    content: testAdvertContent(parameters.content),
    ttlSeconds: parameters.ttlSeconds ?? 600,
    sequence: parameters.sequence ?? 1,
    ...(parameters.issuedAt === undefined ? {} : { issuedAt: parameters.issuedAt }),
  });
  const signed = await signAdvert({ signer: parameters.signer, advert });
  return parameters.edit ? { ...signed, advert: parameters.edit(signed.advert) } : signed;
}
