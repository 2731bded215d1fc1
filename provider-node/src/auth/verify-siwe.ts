import { GolemError } from "@vm-on-golem/sdk/errors";
import { siwePeerIdsOf } from "@vm-on-golem/sdk/provider-api";
import { type Address, type Hex, isHex, verifyMessage } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import type { NonceStore } from "./nonce-store.ts";

/** Parameters of {@link verifySiwe}. */
export type VerifySiweParameters = {
  /** The EIP-4361 message text the wallet signed. */
  message: string;
  signature: string;
  /** The domains (host[:port]) the message may name: this provider's own (see `siweDomainsFor`). */
  domains: readonly string[];
  /** The chain id the message must name: the provider's payments chain. */
  chainId: number;
  nonces: NonceStore;
  /**
   * This provider's libp2p peer id when it runs one: the message must name it (and no other) in
   * its resources (`libp2p:<peerId>`). Without one, a message naming any peer is refused.
   */
  peerId?: string | undefined;
  /** Current time (default now). */
  time?: Date;
};

const refuse = (message: string, details?: Record<string, string | number>) =>
  new GolemError("SIWE_INVALID", message, details ? { details } : {});

/**
 * Checks a Sign-In with Ethereum message (EIP-4361) and its signature: it parses, names one
 * of this provider's domains, a URI on that domain (http or https, nothing else), its libp2p
 * peer id (and no other) in its resources when it runs one, and its chain, is within its validity window, carries a nonce this node issued and nobody used,
 * and is signed by its address (EOA, `verifyMessage`). The nonce is spent only when
 * everything else holds. Fails with `SIWE_INVALID`.
 *
 * @example const address = await verifySiwe({ message, signature, domains: ["provider.example:7466"], chainId: 31337, nonces });
 */
export async function verifySiwe(parameters: VerifySiweParameters): Promise<Address> {
  const fields = parseSiweMessage(parameters.message);
  const { address, domain, chainId, nonce } = fields;
  if (!address || !domain || !chainId || !nonce || !fields.uri || !fields.version) {
    throw refuse("the message is not an EIP-4361 sign-in message", {
      needs: "domain, address, uri, version, chainId, nonce",
    });
  }
  const [own = ""] = parameters.domains;
  if (!parameters.domains.includes(domain.toLowerCase())) {
    throw refuse(`the message is for ${domain}, not this provider (${own})`, {
      expected: own,
      got: domain,
    });
  }
  if (fields.uri !== `http://${domain}` && fields.uri !== `https://${domain}`) {
    throw refuse(`the message's uri ${fields.uri} is not this provider's (http://${domain})`, {
      expected: `http://${domain}`,
      got: fields.uri,
    });
  }
  // Bound to a peer: a message made for another provider's node is refused, whatever its domain.
  const peers = siwePeerIdsOf(fields.resources);
  const ownPeer = parameters.peerId;
  if (ownPeer !== undefined && (peers.length !== 1 || peers[0] !== ownPeer)) {
    throw refuse(
      `the message is for libp2p peer ${peers.join(", ") || "(none)"}, not this provider's (${ownPeer})`,
      { expected: ownPeer, got: peers.join(",") },
    );
  }
  if (ownPeer === undefined && peers.length > 0) {
    throw refuse(`the message is for libp2p peer ${peers.join(", ")}; this provider runs none`, {
      got: peers.join(","),
    });
  }
  if (chainId !== parameters.chainId) {
    throw refuse(
      `the message names chain ${chainId}; this provider signs in on chain ${parameters.chainId}`,
      {
        expected: parameters.chainId,
        got: chainId,
      },
    );
  }
  const time = parameters.time ?? new Date();
  if (!validateSiweMessage({ message: fields, domain, nonce, time })) {
    throw refuse("the message has expired or is not valid yet", {
      time: time.toISOString(),
    });
  }
  if (!isHex(parameters.signature)) throw refuse("the signature is not hex");
  let valid = false;
  try {
    valid = await verifyMessage({
      address,
      message: parameters.message,
      signature: parameters.signature as Hex,
    });
  } catch {
    valid = false;
  }
  if (!valid) throw refuse(`the signature is not ${address}'s signature of this message`);
  const refusal = parameters.nonces.consume(nonce);
  if (refusal) {
    const why = {
      unknown: "was not issued by this provider",
      used: "was already used",
      expired: "has expired",
    };
    throw refuse(`the nonce ${why[refusal]}`, { nonce });
  }
  return address.toLowerCase() as Address;
}
