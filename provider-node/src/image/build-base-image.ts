import { copyFile, glob, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runCommand } from "../vm/run-command.ts";
import { VmError } from "../vm/vm-error.ts";
import type { BaseImageRecipe } from "./base-image-recipe.ts";

/** Parameters of {@link buildBaseImage}. */
export type BuildBaseImageParameters = {
  recipe: BaseImageRecipe;
  /** An empty directory that receives `base.qcow2` and `vmlinuz`. */
  workDir: string;
  log: (line: string) => void;
  signal?: AbortSignal;
};

/** The files a build produced, relative to its work directory. */
export type BuildBaseImageReturnType = {
  qcow2File: string;
  kernelFile: string;
  kernelVersion: string;
};

/**
 * Builds the base image from Debian packages: mmdebstrap a root file system, write the
 * recipe's files, take the kernel out for direct boot, pack it with `mke2fs -d`, convert
 * to qcow2. Needs root (mmdebstrap in root mode) and about 1.5 GB free in `workDir`;
 * takes 2–4 minutes, mostly downloading and unpacking packages.
 */
export async function buildBaseImage(
  parameters: BuildBaseImageParameters,
): Promise<BuildBaseImageReturnType> {
  const { recipe, workDir, log, signal } = parameters;
  if (process.getuid?.() !== 0) {
    throw new VmError("IMAGE_BUILD_FAILED", "Building the base image needs root", {
      hints: [
        "Run `golem-provider image build` (or scripts/build-image.ts) as root once; VMs then run from the cache.",
      ],
    });
  }
  const rootfs = join(workDir, "rootfs");
  const raw = join(workDir, "root.raw");
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`${name}…`);
    try {
      const result = await run();
      log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return result;
    } catch (error) {
      throw new VmError("IMAGE_BUILD_FAILED", `Building the base image failed at: ${name}`, {
        hints: [
          "Check that Debian's mirrors are reachable and the disk has space, then build again.",
        ],
        details: error instanceof VmError ? { ...error.details } : {},
        cause: error,
      });
    }
  };

  await step(`mmdebstrap ${recipe.suite} (${recipe.packages.length} packages)`, () =>
    runCommand(
      "mmdebstrap",
      [
        `--variant=${recipe.variant}`,
        `--architectures=${recipe.architecture}`,
        `--include=${recipe.packages.join(",")}`,
        recipe.suite,
        rootfs,
        ...recipe.mirrors,
      ],
      { signal, errorCode: "IMAGE_BUILD_FAILED" },
    ),
  );

  const kernel = await step("customize the root file system", async () => {
    for (const [path, contents] of Object.entries(recipe.files)) {
      const target = join(rootfs, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
    for (const pattern of recipe.removeFiles) {
      for await (const path of glob(pattern, { cwd: rootfs })) {
        await rm(join(rootfs, path), { force: true });
      }
    }
    const kernels = (await readdir(join(rootfs, "boot"))).filter((f) => f.startsWith("vmlinuz-"));
    if (kernels.length !== 1)
      throw new Error(`expected one kernel in /boot, found ${kernels.length}`);
    const kernelFile = kernels[0] as string;
    await copyFile(join(rootfs, "boot", kernelFile), join(workDir, "vmlinuz"));
    return kernelFile.slice("vmlinuz-".length);
  });

  await step(`mke2fs ${recipe.rootSizeGiB} GiB ext4`, () =>
    runCommand(
      "mke2fs",
      [
        "-q",
        "-F",
        "-t",
        "ext4",
        "-L",
        recipe.rootLabel,
        "-d",
        rootfs,
        raw,
        `${recipe.rootSizeGiB}G`,
      ],
      { signal, errorCode: "IMAGE_BUILD_FAILED" },
    ),
  );
  await step("qemu-img convert to qcow2", () =>
    runCommand(
      "qemu-img",
      ["convert", "-f", "raw", "-O", "qcow2", raw, join(workDir, "base.qcow2")],
      {
        signal,
        errorCode: "IMAGE_BUILD_FAILED",
      },
    ),
  );
  await rm(rootfs, { recursive: true, force: true });
  await rm(raw, { force: true });
  return { qcow2File: "base.qcow2", kernelFile: "vmlinuz", kernelVersion: kernel };
}
