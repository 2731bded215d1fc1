import type { ProviderConfig } from "../config/provider-config.ts";
import { type EphemeralPorts, ephemeralPortsIn } from "../net/ephemeral-ports.ts";

/**
 * Warnings, one per SSH port range of the config that lies (partly) in the kernel's ephemeral
 * port range: an outgoing connection may take such a port while no VM holds it (the node is
 * down, or a VM is being created), and that VM's start then fails. Each says how to fix it.
 *
 * @example for (const line of ephemeralOverlapWarnings(config, await readEphemeralPorts())) log(line);
 */
export function ephemeralOverlapWarnings(
  config: ProviderConfig,
  ephemeral: EphemeralPorts | undefined,
): string[] {
  if (!ephemeral) return [];
  const { ssh } = config;
  const ranges = [
    ["public SSH", "ssh.portRangeStart/End", ssh.portRangeStart, ssh.portRangeEnd],
    ["driver host", "ssh.hostPortRangeStart/End", ssh.hostPortRangeStart, ssh.hostPortRangeEnd],
  ] as const;
  const { start, end } = ephemeral.range;
  return ranges.flatMap(([what, keys, from, to]) => {
    const open = ephemeralPortsIn({ start: from, end: to }, ephemeral);
    if (open.length === 0) return [];
    const span = `${open[0]}-${open.at(-1)}`;
    return [
      `warning: ${open.length} ${what} port(s) (${keys} ${from}-${to - 1}) lie in the kernel's ephemeral port range ${start}-${end - 1}, so an outgoing connection can take one and a VM's start fails on it; move the range outside ${start}-${end - 1} (the defaults are), or reserve it: sysctl -w net.ipv4.ip_local_reserved_ports=${span}`,
    ];
  });
}
