import { GolemError } from "@vm-on-golem/sdk/errors";

/**
 * A port option of a dev script (`--port 8545`, `--web-port 0`); anything but an integer
 * 0–65535 is `VALIDATION_FAILED` (0 asks for a free port).
 *
 * @example const port = parsePort("--port", values.port);
 */
export function parsePort(flag: string, text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new GolemError("VALIDATION_FAILED", `${flag} must be 0–65535, not "${text}"`, {
      hints: [`e.g. ${flag} 8545 (0 picks a free port)`],
      details: { field: flag, value: text },
    });
  }
  return port;
}
