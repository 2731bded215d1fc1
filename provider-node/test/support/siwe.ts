import { siwePeerResource } from "@vm-on-golem/sdk/provider-api";
import type { LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

/** A fresh local account with a random key (a test wallet). */
export function randomAccount(): LocalAccount {
  return privateKeyToAccount(generatePrivateKey());
}

/** Parameters of {@link signSiwe}. */
export type SignSiweParameters = {
  account: Pick<LocalAccount, "address" | "signMessage">;
  domain: string;
  nonce: string;
  chainId: number;
  uri?: string;
  expirationTime?: Date;
  notBefore?: Date;
  issuedAt?: Date;
  /** The provider's libp2p peer id (the nonce answer's `peerId`): put in resources as libp2p:<peerId>. */
  peerId?: string | undefined;
};

/**
 * A real EIP-4361 message signed by `account`, as a requestor's wallet would send it.
 *
 * @example const { message, signature } = await signSiwe({ account, domain, nonce, chainId: 31337 });
 */
export async function signSiwe(parameters: SignSiweParameters) {
  const message = createSiweMessage({
    address: parameters.account.address,
    domain: parameters.domain,
    uri: parameters.uri ?? `http://${parameters.domain}`,
    version: "1",
    chainId: parameters.chainId,
    nonce: parameters.nonce,
    statement: "Sign in to rent VMs.",
    ...(parameters.issuedAt ? { issuedAt: parameters.issuedAt } : {}),
    ...(parameters.expirationTime ? { expirationTime: parameters.expirationTime } : {}),
    ...(parameters.notBefore ? { notBefore: parameters.notBefore } : {}),
    ...(parameters.peerId ? { resources: [siwePeerResource(parameters.peerId)] } : {}),
  });
  const signature = await parameters.account.signMessage({ message });
  return { message, signature };
}
