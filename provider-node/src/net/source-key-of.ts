import ipaddr from "ipaddr.js";

/**
 * The key a per-address connection cap counts under: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address as its IPv4), an IPv6 address by its /64 (one host usually owns a whole /64,
 * so counting single IPv6 addresses would cap nothing).
 *
 * @example sourceKeyOf("::ffff:203.0.113.7"); // "203.0.113.7"
 * @example sourceKeyOf("2001:db8:1:2:3:4:5:6"); // "2001:db8:1:2::/64"
 */
export function sourceKeyOf(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return address ?? "unknown";
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}
