import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PortRange } from "./port-pool.ts";

/** The ports the kernel hands to outgoing connections, less those reserved from it. */
export type EphemeralPorts = {
  /** `net.ipv4.ip_local_port_range` as `[start, end)`. */
  range: PortRange;
  /** `net.ipv4.ip_local_reserved_ports`, each as `[start, end)`. */
  reserved: PortRange[];
};

/**
 * Reads the kernel's ephemeral port range and reserved ports (Linux `/proc/sys/net/ipv4`);
 * undefined where there is no such file (another OS).
 *
 * @example const ephemeral = await readEphemeralPorts(); // { range: { start: 32768, end: 61000 }, reserved: [] }
 */
export async function readEphemeralPorts(
  dir = "/proc/sys/net/ipv4",
): Promise<EphemeralPorts | undefined> {
  let rangeText: string;
  try {
    rangeText = await readFile(join(dir, "ip_local_port_range"), "utf8");
  } catch {
    return undefined;
  }
  const [first, last] = rangeText.trim().split(/\s+/).map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last)) return undefined;
  const reservedText = await readFile(join(dir, "ip_local_reserved_ports"), "utf8").catch(() => "");
  const reserved = reservedText
    .trim()
    .split(",")
    .filter((part) => part !== "")
    .map((part) => {
      const [a, b = a] = part.split("-").map(Number);
      return { start: a as number, end: (b as number) + 1 };
    });
  return { range: { start: first as number, end: (last as number) + 1 }, reserved };
}

/**
 * The ports of `range` that an outgoing connection may be given as its local port: inside
 * the ephemeral range and not reserved from it.
 *
 * @example ephemeralPortsIn({ start: 50800, end: 50900 }, ephemeral).length; // 100 on a default Linux
 */
export function ephemeralPortsIn(range: PortRange, ephemeral: EphemeralPorts): number[] {
  const ports: number[] = [];
  const from = Math.max(range.start, ephemeral.range.start);
  const to = Math.min(range.end, ephemeral.range.end);
  for (let port = from; port < to; port++) {
    if (!ephemeral.reserved.some((r) => port >= r.start && port < r.end)) ports.push(port);
  }
  return ports;
}
