import ipaddr from "ipaddr.js";

/** Chains whose adverts may name loopback/private API hosts: Hardhat (31337) and Ganache (1337). */
export const DEV_CHAIN_IDS: readonly number[] = [31337, 1337];

/** True for a local development chain (see {@link DEV_CHAIN_IDS}). */
export function isDevChain(chainId: number): boolean {
  return DEV_CHAIN_IDS.includes(chainId);
}

/** Parameters of {@link checkApiUrl}. */
export type CheckApiUrlParameters = {
  /** Allow loopback, private, link-local... hosts (a dev chain, or an explicit dev flag). */
  allowPrivateHosts: boolean;
};

/** Result of {@link checkApiUrl}. */
export type CheckApiUrlReturnType = { ok: true; origin: string } | { ok: false; message: string };

// scheme://host[:port][/] and nothing else: no userinfo, path, query, fragment, backslash or space.
const BARE_ORIGIN = /^https?:\/\/[^/?#@\\\s]+\/?$/i;
/** Names that resolve inside the reader's own network (RFC 6761, mDNS, common LAN suffixes). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "localdomain", "home.arpa", "lan"];

/** Why a host is not a public one, or undefined when it is. */
function privateHostReason(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (ipaddr.isValid(host)) {
    // `process` turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into its IPv4 address.
    const range = ipaddr.process(host).range();
    return range === "unicast" ? undefined : `a ${range} address`;
  }
  if (!host.includes(".")) return "a single-label name (resolved through local search domains)";
  const suffix = LOCAL_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
  return suffix ? `a local name (.${suffix})` : undefined;
}

/**
 * Checks an advert's `apiUrl`: it must be a bare http(s) origin (host and optional port, at most a
 * trailing "/"), so the API path appended to it is what gets fetched; and unless
 * `allowPrivateHosts`, its host must be public (no loopback, private, link-local, unspecified,
 * multicast or reserved IP, also behind IPv4-mapped IPv6; no `localhost`, single-label or LAN
 * names), so a signed advert cannot aim every reader's probe at the reader's own network.
 *
 * @example
 * checkApiUrl("http://169.254.169.254/", { allowPrivateHosts: false }); // { ok: false, message: "..." }
 * checkApiUrl("https://p.example:7466", { allowPrivateHosts: false }); // { ok: true, origin: "https://p.example:7466" }
 */
export function checkApiUrl(
  apiUrl: string,
  parameters: CheckApiUrlParameters,
): CheckApiUrlReturnType {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return { ok: false, message: `apiUrl ${JSON.stringify(apiUrl)} is not a URL` };
  }
  if (!BARE_ORIGIN.test(apiUrl) || url.username !== "" || url.password !== "") {
    return {
      ok: false,
      message: `apiUrl ${JSON.stringify(apiUrl)} is not a bare http(s) origin (no path, query, fragment or user)`,
    };
  }
  if (!parameters.allowPrivateHosts) {
    const reason = privateHostReason(url.hostname);
    if (reason) {
      return { ok: false, message: `apiUrl host ${url.hostname} is ${reason}, not a public host` };
    }
  }
  return { ok: true, origin: url.origin };
}
