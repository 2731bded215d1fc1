/**
 * The known_hosts name OpenSSH looks a host up by: `[host]:port`, or the bare host on port 22
 * (an IPv6 literal may come with or without brackets).
 *
 * @example knownHostsName("203.0.113.7", 22800); // "[203.0.113.7]:22800"
 */
export function knownHostsName(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return port === 22 ? bare : `[${bare}]:${port}`;
}

/**
 * known_hosts lines for a VM's host keys: one `[host]:port ssh-ed25519 AAAA…` per key.
 *
 * @example knownHostsLines({ host: "127.0.0.1", port: 22800 }, ["ssh-ed25519 AAAA…"]);
 */
export function knownHostsLines(
  endpoint: { host: string; port: number },
  publicKeys: readonly string[],
): string[] {
  const name = knownHostsName(endpoint.host, endpoint.port);
  return publicKeys.map((key) => `${name} ${key}`);
}
