/**
 * What every benchmark here shares: the median of its samples, time-stamped log lines, and a
 * short temp work folder removed on exit or Ctrl-C.
 *
 * @example
 * const { log, work, cleanup } = await benchWorkDir("gbv-");
 * console.log(median([3, 1, 2])); // 2
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CleanupStack, createCleanupStack } from "../../scripts/lib/cleanup-stack.ts";

/** The median of `samples` (NaN for none). */
export function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Prints `line` after the UTC time of day. */
export function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/**
 * A temp folder named `<tmpdir>/<prefix>…` (keep the prefix short: QMP socket paths under it are
 * limited to 107 bytes) and a cleanup stack that removes it last, also on Ctrl-C and SIGTERM;
 * `report` gets the cleanup's lines (default: {@link log}).
 */
export async function benchWorkDir(
  prefix: string,
  report: (line: string) => void = log,
): Promise<{ work: string; cleanup: CleanupStack; log: typeof log }> {
  const work = await mkdtemp(join(tmpdir(), prefix));
  const cleanup = createCleanupStack(report);
  cleanup.add(`remove ${work}`, () => rm(work, { recursive: true, force: true }));
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => void cleanup.run().then(() => process.exit(code)));
  }
  return { work, cleanup, log };
}
