import type { Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";
import { GolemError } from "../errors/golem-error.ts";
import {
  nonceViewSchema,
  type SessionView,
  sessionViewSchema,
  siwePeerResource,
} from "../provider-api/sign-in.ts";
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
  /** The chain the client pays on; a nonce answer naming another one is refused. Unchecked when absent. */
  chainId?: number | undefined;
  /**
   * The provider's libp2p peer id as its signed advert names it (and, over libp2p, as the
   * connection proved it): a nonce answer naming another peer is refused before anything is
   * signed. The message is bound to the peer id the answer names (`libp2p:<peerId>` in its
   * resources) either way.
   */
  peerId?: string | undefined;
  /** Clock for the message's issuedAt; default now. */
  now?: (() => Date) | undefined;
};

/**
 * The SIWE domain and URI a sign-in at `baseUrl` must name: the URL's `host` (host[:port], as
 * `URL` writes it) and its origin. The provider derives its own from its advertised API URL the
 * same way, so both sides agree without trusting each other.
 *
 * @example siweTargetOf("http://10.0.0.5:7466/"); // { domain: "10.0.0.5:7466", uri: "http://10.0.0.5:7466" }
 */
export function siweTargetOf(baseUrl: string): { domain: string; uri: string } {
  const url = new URL(baseUrl);
  return { domain: url.host, uri: url.origin };
}

function refuseForeign(baseUrl: string, field: string, expected: string, got: string): GolemError {
  return new GolemError(
    "SIWE_DOMAIN_MISMATCH",
    `${baseUrl} asked to sign a sign-in whose ${field} is ${got}, not ${expected}; nothing was signed`,
    {
      hints: [
        "a signature for another domain would sign you in at another provider: do not sign in there",
        "check the provider's API URL, or pick another provider",
      ],
      details: { url: baseUrl, field, expected, got },
    },
  );
}

/**
 * Signs in to a provider with SIWE (EIP-4361): asks `POST /auth/nonce` for a nonce, checks that
 * the answer names the domain and URI of `baseUrl` (and `chainId` and `peerId` when given) so a provider
 * cannot have a sign-in for another provider signed, builds the message with viem's
 * `createSiweMessage`, signs it and trades it at `POST /auth/verify` for a session token. Fails
 * with `SIWE_DOMAIN_MISMATCH` before anything is signed when the answer names anything else.
 *
 * @example
 * const { token } = await signInWithEthereum({ baseUrl, signer: account, fetch, timeoutMs: 10_000 });
 */
export async function signInWithEthereum(
  params: SignInWithEthereumParameters,
): Promise<SessionView> {
  const common = { baseUrl: params.baseUrl, fetch: params.fetch, timeoutMs: params.timeoutMs };
  const target = siweTargetOf(params.baseUrl);
  const nonce = await requestJson({
    ...common,
    method: "POST",
    path: "/auth/nonce",
    answer: nonceViewSchema,
  });
  if (nonce.domain !== target.domain) {
    throw refuseForeign(params.baseUrl, "domain", target.domain, String(nonce.domain));
  }
  // The provider cannot see whether TLS ended in front of it: the scheme may differ, the host not.
  const uri = URL.canParse(nonce.uri) ? new URL(nonce.uri) : undefined;
  if (uri?.host !== target.domain || !["http:", "https:"].includes(uri.protocol)) {
    throw refuseForeign(params.baseUrl, "uri", target.uri, String(nonce.uri));
  }
  if (params.chainId !== undefined && nonce.chainId !== params.chainId) {
    throw refuseForeign(params.baseUrl, "chain", String(params.chainId), String(nonce.chainId));
  }
  if (params.peerId !== undefined && nonce.peerId !== params.peerId) {
    throw refuseForeign(params.baseUrl, "peer id", params.peerId, String(nonce.peerId));
  }
  const message = createSiweMessage({
    address: params.signer.address,
    chainId: nonce.chainId,
    domain: target.domain,
    nonce: nonce.nonce,
    uri: target.uri,
    version: "1",
    statement: nonce.statement,
    issuedAt: params.now?.() ?? new Date(),
    expirationTime: new Date(nonce.expiresAt),
    ...(nonce.peerId === undefined ? {} : { resources: [siwePeerResource(nonce.peerId)] }),
  });
  const signature = await params.signer.signMessage({ message });
  return requestJson({
    ...common,
    method: "POST",
    path: "/auth/verify",
    answer: sessionViewSchema,
    body: { message, signature },
  });
}
