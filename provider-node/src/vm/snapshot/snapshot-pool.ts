import { rename } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { QemuAccel } from "../qemu/qemu-args.ts";
import { ensureVmSnapshot, type VmSnapshot } from "./ensure-vm-snapshot.ts";
import type { VmShape } from "./snapshot-key.ts";

/** Options of {@link createSnapshotPool}. */
export type SnapshotPoolOptions = {
  /** Root of the cache (snapshots go to `<cacheDir>/snapshots/`). */
  cacheDir: string;
  /** The base image, with the recipe hash its snapshots are keyed by. */
  image: { qcow2Path: string; kernelPath: string; recipeHash: string };
  accel: () => Promise<QemuAccel>;
  qemuBinary?: string;
  qemuImgBinary?: string;
  log?: (line: string) => void;
  /** How long {@link SnapshotPool.find} waits for a snapshot that may be in the cache (default 2 s). */
  lookupMs?: number;
};

/** The node's saved machines, one per VM shape, built when first needed. */
export type SnapshotPool = {
  /**
   * The snapshot for `shape` when one is ready; otherwise `undefined` at once, and one is
   * built in the background (one build at a time) for the next VM of this shape.
   */
  find(shape: VmShape): Promise<VmSnapshot | undefined>;
  /** Starts building the snapshot for `shape` in the background (e.g. at start-up). */
  prepare(shape: VmShape): void;
  /** A clone of `snapshot` failed: it is not used again and is saved anew in the background. */
  failed(snapshot: VmSnapshot): Promise<void>;
};

/**
 * The snapshot pool of a QEMU driver: lazily built snapshots per shape, cached on disk by
 * {@link ensureVmSnapshot}, never more than one build at a time (a build boots a VM).
 *
 * @example const pool = createSnapshotPool({ cacheDir, image, accel: driverAccel, log });
 */
export function createSnapshotPool(options: SnapshotPoolOptions): SnapshotPool {
  const log = options.log ?? (() => {});
  const builds = new Map<string, Promise<VmSnapshot | undefined>>();
  const ready = new Map<string, VmSnapshot>();
  let queue: Promise<unknown> = Promise.resolve();
  const keyOf = (shape: VmShape) => `${shape.cpu}x${shape.memoryMiB}`;

  const start = (shape: VmShape): Promise<VmSnapshot | undefined> => {
    const key = keyOf(shape);
    const existing = builds.get(key);
    if (existing) return existing;
    const build = queue.then(async () => {
      try {
        const snapshot = await ensureVmSnapshot({
          cacheDir: options.cacheDir,
          image: options.image,
          shape,
          accel: await options.accel(),
          qemuBinary: options.qemuBinary,
          qemuImgBinary: options.qemuImgBinary,
          log,
        });
        ready.set(key, snapshot);
        return snapshot;
      } catch (error) {
        // The next VM of this shape tries again; until then VMs boot cold.
        log(`VM snapshot for ${key} could not be saved: ${(error as Error).message}`);
        builds.delete(key);
        return undefined;
      }
    });
    queue = build;
    builds.set(key, build);
    return build;
  };

  return {
    async find(shape) {
      const cached = ready.get(keyOf(shape));
      if (cached) return cached;
      // A snapshot already in the cache answers within milliseconds; a build takes minutes.
      return Promise.race([start(shape), sleep(options.lookupMs ?? 2000, undefined)]);
    },
    prepare(shape) {
      void start(shape);
    },
    async failed(snapshot) {
      const key = keyOf(snapshot.shape);
      ready.delete(key);
      builds.delete(key);
      // Without its manifest the directory is no snapshot: the next build saves it again.
      // Clones hold hard links of its files, so they keep running.
      await rename(
        join(snapshot.dir, "manifest.json"),
        join(snapshot.dir, "manifest.failed.json"),
      ).catch(() => {});
      start(snapshot.shape);
    },
  };
}
