import { chmod, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { type BaseImageRecipe, defaultBaseImageRecipe, recipeHash } from "./base-image-recipe.ts";
import {
  type BuildBaseImageParameters,
  type BuildBaseImageReturnType,
  buildBaseImage,
} from "./build-base-image.ts";
import { withCacheLock } from "./cache-lock.ts";

/** The default cache directory (`~/.cache/vm-on-golem`); entry points pass it in, library code never guesses. */
export function defaultCacheDir(): string {
  return join(homedir(), ".cache", "vm-on-golem");
}

/** Parameters of {@link ensureBaseImage}. */
export type EnsureBaseImageParameters = {
  /** Root of the cache; the image goes to `<cacheDir>/images/<recipeHash>/`. */
  cacheDir: string;
  log?: (line: string) => void;
  recipe?: BaseImageRecipe;
  signal?: AbortSignal;
  /** Replaces the real build (tests of the cache logic). */
  build?: (parameters: BuildBaseImageParameters) => Promise<BuildBaseImageReturnType>;
  /** How long to wait for another process that is building the same image (default 30 min). */
  lockWaitMs?: number;
};

/** A base image in the cache, ready for overlays. */
export type EnsureBaseImageReturnType = {
  qcow2Path: string;
  /** Kernel for direct boot (`-kernel`, no initrd). */
  kernelPath: string;
  recipeHash: string;
  /** Whether this call built it (false: it was in the cache). */
  built: boolean;
};

/** What `manifest.json` beside an image records. */
export type BaseImageManifest = {
  recipeHash: string;
  recipe: BaseImageRecipe;
  qcow2File: string;
  kernelFile: string;
  kernelVersion: string;
  builtAt: string;
  buildSeconds: number;
};

/**
 * Returns the cached base image for `recipe`, building it first if needed. The build runs
 * in a temporary directory renamed into place when complete, under a lock file, so a crash
 * leaves no half image and two processes never build at once.
 *
 * @example const image = await ensureBaseImage({ cacheDir: defaultCacheDir(), log: console.log });
 */
export async function ensureBaseImage(
  parameters: EnsureBaseImageParameters,
): Promise<EnsureBaseImageReturnType> {
  const recipe = parameters.recipe ?? defaultBaseImageRecipe;
  const log = parameters.log ?? (() => {});
  const hash = recipeHash(recipe);
  const imagesDir = join(parameters.cacheDir, "images");
  const finalDir = join(imagesDir, hash);

  const cached = await readManifest(finalDir);
  if (cached) return resultOf(finalDir, cached, false);

  return withCacheLock(
    join(imagesDir, `${hash}.lock`),
    async () => {
      const again = await readManifest(finalDir);
      if (again) return resultOf(finalDir, again, false);
      // Whatever a crashed build left behind is garbage now that we hold the lock.
      for (const entry of await readdir(imagesDir)) {
        if (entry.startsWith(`.build-${hash}-`)) {
          await rm(join(imagesDir, entry), { recursive: true, force: true });
        }
      }
      const workDir = await mkdtemp(join(imagesDir, `.build-${hash}-`));
      try {
        log(`building base image ${hash} in ${workDir}`);
        const started = performance.now();
        const built = await (parameters.build ?? buildBaseImage)({
          recipe,
          workDir,
          log,
          signal: parameters.signal,
        });
        const manifest: BaseImageManifest = {
          recipeHash: hash,
          recipe,
          ...built,
          builtAt: new Date().toISOString(),
          buildSeconds: Math.round((performance.now() - started) / 100) / 10,
        };
        await writeFile(join(workDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
        // A directory without a manifest is not an image (e.g. copied in by hand half-way).
        await rm(finalDir, { recursive: true, force: true });
        // mkdtemp made it 0700; the image is read by QEMU, which may run as another user.
        await chmod(workDir, 0o755);
        await rename(workDir, finalDir);
        log(`base image ${hash} ready in ${manifest.buildSeconds} s: ${finalDir}`);
        return resultOf(finalDir, manifest, true);
      } catch (error) {
        await rm(workDir, { recursive: true, force: true });
        throw error;
      }
    },
    {
      waitMs: parameters.lockWaitMs,
      onWait: () => log(`another process is building base image ${hash}; waiting for it`),
    },
  );
}

async function readManifest(dir: string): Promise<BaseImageManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as BaseImageManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function resultOf(
  dir: string,
  manifest: BaseImageManifest,
  built: boolean,
): EnsureBaseImageReturnType {
  return {
    qcow2Path: join(dir, manifest.qcow2File),
    kernelPath: join(dir, manifest.kernelFile),
    recipeHash: manifest.recipeHash,
    built,
  };
}
