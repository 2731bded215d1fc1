import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { lock } from "proper-lockfile";

/** Options of {@link withCacheLock}. */
export type WithCacheLockOptions = {
  /** Give up waiting for another holder after this many milliseconds (default 30 minutes). */
  waitMs?: number;
  /** Called once when another process holds the lock and we start waiting. */
  onWait?: () => void;
};

/**
 * Runs `task` while holding the lock `lockPath` (a directory created atomically, refreshed
 * while held, taken over when its holder died more than a minute ago), so two processes do
 * not build the same image at once.
 */
export async function withCacheLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: WithCacheLockOptions = {},
): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true });
  const lockOptions = { lockfilePath: lockPath, realpath: false, stale: 60_000, update: 15_000 };
  let release: () => Promise<void>;
  try {
    release = await lock(lockPath, lockOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    options.onWait?.();
    const intervalMs = 1000;
    release = await lock(lockPath, {
      ...lockOptions,
      retries: {
        retries: Math.ceil((options.waitMs ?? 30 * 60_000) / intervalMs),
        factor: 1,
        minTimeout: intervalMs,
        maxTimeout: intervalMs,
      },
    });
  }
  try {
    return await task();
  } finally {
    await release();
  }
}
