import { isIP } from "node:net";

/** The names a SIWE message may give this provider; see {@link siweDomainsFor}. */
export type SiweDomainPolicy = {
  /** The provider's domain (host[:port] as `URL` writes it): its advertised API URL's, or `api.siweDomain`. */
  domain: string;
  /** The port the API listens on, for the loopback names. */
  port: number;
};

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}

/**
 * The domains a SIWE message sent over this connection may name, the provider's own first: its
 * domain, and for a client on this machine (a loopback peer address, which cannot be forged)
 * also `127.0.0.1`, `localhost` and `[::1]` with the API's port. Never the Host header: a
 * message signed for another provider's domain is refused whatever Host it arrives with.
 *
 * @example siweDomainsFor({ domain: "p.example:7466", port: 7466 }, "203.0.113.9"); // ["p.example:7466"]
 */
export function siweDomainsFor(policy: SiweDomainPolicy, remoteAddress?: string): string[] {
  const own = policy.domain.toLowerCase();
  if (!isLoopbackAddress(remoteAddress)) return [own];
  const local = ["127.0.0.1", "localhost", "[::1]"].map((host) => `${host}:${policy.port}`);
  return [own, ...local.filter((name) => name !== own)];
}
