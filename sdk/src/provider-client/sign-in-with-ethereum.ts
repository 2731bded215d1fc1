import type { Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { NonceView, SessionView } from "./provider-api-types.ts";
import { requestJson } from "./request-json.ts";

/** Who signs in: a viem `LocalAccount`, or `{address, signMessage}` over a browser wallet. */
export type ProviderClientSigner = {
  address: Address;
  signMessage(args: { message: string }): Promise<Hex>;
};

/** Parameters of {@link signInWithEthereum}. */
export type SignInWithEthereumParameters = {
  baseUrl: string;
  signer: ProviderClientSigner;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Clock for the message's issuedAt; default now. */
  now?: (() => Date) | undefined;
};

/**
 * Signs in to a provider with SIWE (EIP-4361): asks `POST /auth/nonce` what the message
 * must name, builds it with viem's `createSiweMessage`, signs it and trades it at
 * `POST /auth/verify` for a session token.
 *
 * @example
 * const { token } = await signInWithEthereum({ baseUrl, signer: account, fetch, timeoutMs: 10_000 });
 */
export async function signInWithEthereum(
  params: SignInWithEthereumParameters,
): Promise<SessionView> {
  const common = { baseUrl: params.baseUrl, fetch: params.fetch, timeoutMs: params.timeoutMs };
  const nonce = await requestJson<NonceView>({ ...common, method: "POST", path: "/auth/nonce" });
  const message = createSiweMessage({
    address: params.signer.address,
    chainId: nonce.chainId,
    domain: nonce.domain,
    nonce: nonce.nonce,
    uri: nonce.uri,
    version: "1",
    statement: nonce.statement,
    issuedAt: params.now?.() ?? new Date(),
    expirationTime: new Date(nonce.expiresAt),
  });
  const signature = await params.signer.signMessage({ message });
  return requestJson<SessionView>({
    ...common,
    method: "POST",
    path: "/auth/verify",
    body: { message, signature },
  });
}
