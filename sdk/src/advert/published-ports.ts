import { GolemError } from "../errors/golem-error.ts";

/** Most guest ports one create may ask to publish, whatever a provider allows. */
export const MAX_PUBLISHED_PORTS = 16;

/**
 * Checks the guest ports a create asks to publish (besides SSH): whole numbers in 1–65535,
 * not 22 (SSH has its own port), no duplicates, at most `limit` (the provider's
 * `maxPublishedPorts`, never above {@link MAX_PUBLISHED_PORTS}). Returns them sorted.
 * Fails with `VALIDATION_FAILED`, or `PORTS_LIMIT_EXCEEDED` naming the limit.
 *
 * @example checkPublishedPorts([443, 80], 4); // [80, 443]
 */
export function checkPublishedPorts(ports: readonly number[], limit: number): number[] {
  const bad = ports.filter((port) => !Number.isInteger(port) || port < 1 || port > 65_535);
  if (bad.length > 0) {
    throw new GolemError("VALIDATION_FAILED", `not a port (1-65535): ${bad.join(", ")}`, {
      details: { ports: bad },
    });
  }
  if (ports.includes(22)) {
    throw new GolemError("VALIDATION_FAILED", "port 22 is the VM's SSH port, always published", {
      hints: ["leave 22 out: `golem vm access` shows the SSH port"],
    });
  }
  const duplicates = ports.filter((port, i) => ports.indexOf(port) !== i);
  if (duplicates.length > 0) {
    throw new GolemError("VALIDATION_FAILED", `ports asked twice: ${duplicates.join(", ")}`, {
      details: { ports: duplicates },
    });
  }
  const allowed = Math.min(limit, MAX_PUBLISHED_PORTS);
  if (ports.length > allowed) {
    throw new GolemError(
      "PORTS_LIMIT_EXCEEDED",
      `${ports.length} published ports asked, this provider allows at most ${allowed} per VM`,
      { details: { asked: ports.length, limit: allowed } },
    );
  }
  return [...ports].sort((a, b) => a - b);
}
