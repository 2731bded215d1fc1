import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultBaseImageRecipe, recipeHash } from "./base-image-recipe.ts";
import type { BuildBaseImageParameters } from "./build-base-image.ts";
import { ensureBaseImage } from "./ensure-base-image.ts";

// The real build (mmdebstrap, minutes, root) runs in scripts/build-image.ts and the VM tests;
// here a quick stand-in build exercises the cache, the lock and the atomic rename.
const fakeBuild = (delayMs = 0, fail = false) => {
  const calls: string[] = [];
  const build = async ({ workDir }: BuildBaseImageParameters) => {
    calls.push(workDir);
    await writeFile(join(workDir, "base.qcow2"), "disk");
    await writeFile(join(workDir, "vmlinuz"), "kernel");
    await new Promise((r) => setTimeout(r, delayMs));
    if (fail) throw new Error("mirror unreachable");
    return { qcow2File: "base.qcow2", kernelFile: "vmlinuz", kernelVersion: "6.1.0-test" };
  };
  return { build, calls };
};

describe("ensureBaseImage", () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), "golem-image-"));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("builds once into images/<recipeHash>/ and then answers from the cache", async () => {
    const { build, calls } = fakeBuild();
    const first = await ensureBaseImage({ cacheDir, build });
    const hash = recipeHash(defaultBaseImageRecipe);
    expect(first).toEqual({
      qcow2Path: join(cacheDir, "images", hash, "base.qcow2"),
      kernelPath: join(cacheDir, "images", hash, "vmlinuz"),
      recipeHash: hash,
      built: true,
    });
    expect(await readFile(first.kernelPath, "utf8")).toBe("kernel");
    const manifest = JSON.parse(
      await readFile(join(cacheDir, "images", hash, "manifest.json"), "utf8"),
    );
    expect(manifest).toMatchObject({ recipeHash: hash, kernelVersion: "6.1.0-test" });
    expect((await ensureBaseImage({ cacheDir, build })).built).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("lets only one of two concurrent callers build; the other waits and uses the result", async () => {
    const { build, calls } = fakeBuild(300);
    const lines: string[] = [];
    const [a, b] = await Promise.all([
      ensureBaseImage({ cacheDir, build, log: (l) => lines.push(l) }),
      ensureBaseImage({ cacheDir, build, log: (l) => lines.push(l) }),
    ]);
    expect(calls).toHaveLength(1);
    expect(a.qcow2Path).toBe(b.qcow2Path);
    expect([a.built, b.built].sort()).toEqual([false, true]);
    expect(lines.some((l) => l.includes("waiting"))).toBe(true);
  });

  it("leaves nothing behind when the build fails", async () => {
    const { build } = fakeBuild(0, true);
    await expect(ensureBaseImage({ cacheDir, build })).rejects.toThrow("mirror unreachable");
    expect(await readdir(join(cacheDir, "images"))).toEqual([]);
  });

  it("keys the cache by the recipe", () => {
    const changed = {
      ...defaultBaseImageRecipe,
      packages: [...defaultBaseImageRecipe.packages, "htop"],
    };
    expect(recipeHash(changed)).not.toBe(recipeHash(defaultBaseImageRecipe));
    const reordered = Object.fromEntries(Object.entries(defaultBaseImageRecipe).reverse());
    expect(recipeHash(reordered as typeof defaultBaseImageRecipe)).toBe(
      recipeHash(defaultBaseImageRecipe),
    );
    expect(recipeHash(defaultBaseImageRecipe)).toMatch(/^[0-9a-f]{16}$/);
  });
});
