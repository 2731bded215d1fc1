import { copyFile, mkdir, mkdtemp, readFile, rm, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { defaultCacheDir, ensureBaseImage } from "../src/image/ensure-base-image.ts";
import { parseVmId } from "../src/vm/driver.ts";
import { probeAccel } from "../src/vm/qemu/accel-probe.ts";
import { isQemuAlive, waitForExit } from "../src/vm/qemu/qemu-process.ts";
import type { VmSnapshot } from "../src/vm/snapshot/ensure-vm-snapshot.ts";
import { ensureVmSnapshot } from "../src/vm/snapshot/ensure-vm-snapshot.ts";
import { restoreVmSnapshot } from "../src/vm/snapshot/restore-vm-snapshot.ts";
import { waitForSshBanner } from "../src/vm/ssh-banner.ts";
import { isVmError } from "../src/vm/vm-error.ts";

// A real save and restore under QEMU (TCG here): one boot of the base image until idle, its
// state saved with QEMU's migration, then a clone restored from it on another host port.
const log = (line: string) => console.log(`[vm-snapshot] ${line}`);
const required = process.env.CI === "true";
const work = await mkdtemp(join(tmpdir(), "golem-snap-"));
const cleanups: (() => Promise<unknown>)[] = [];
let saved: VmSnapshot | undefined;

let image: Awaited<ReturnType<typeof ensureBaseImage>> | undefined;
let reason = "";
try {
  image = await ensureBaseImage({
    cacheDir: process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir(),
    log,
  });
} catch (error) {
  reason = `no base image: ${(error as Error).message}`;
}

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!image && !required)(`a VM snapshot on real QEMU ${reason}`, () => {
  it("saves a booted guest once and restores a clone whose SSH server answers", async () => {
    if (!image) throw new Error(reason);
    const kvm = await probeAccel("kvm", { timeoutMs: 3000 });
    const accel = kvm.usable ? "kvm" : "tcg";
    const shape = { cpu: 2, memoryMiB: 1024 };
    // A cache of its own, so the test always saves (the base image comes from the shared one).
    const cacheDir = join(work, "cache");
    const snapshot = await ensureVmSnapshot({ cacheDir, image, shape, accel, log });
    expect(snapshot.built).toBe(true);
    saved = snapshot;
    expect(snapshot.stateBytes).toBeGreaterThan(16 * 2 ** 20);
    expect(snapshot.stateBytes).toBeLessThan(shape.memoryMiB * 2 ** 20 * 1.1);
    log(
      `state file: ${(snapshot.stateBytes / 2 ** 20).toFixed(0)} MiB for ${accel} 2 vCPU / 1 GiB`,
    );
    // The state holds the guest's memory (its SSH host keys): no other local user may read it.
    expect((await stat(snapshot.dir)).mode & 0o077).toBe(0);
    const again = await ensureVmSnapshot({ cacheDir, image, shape, accel });
    expect(again).toEqual({ ...snapshot, built: false });
    const diskBefore = await stat(snapshot.diskPath);

    const dir = join(work, "clone-1");
    await mkdir(dir);
    const sshHostPort = await freePort();
    const started = performance.now();
    const clone = await restoreVmSnapshot({ snapshot, id: parseVmId("clone-1"), dir, sshHostPort });
    const pidFile = join(dir, "qemu.pid");
    cleanups.push(async () => {
      if (await isQemuAlive(clone.pid, pidFile)) process.kill(clone.pid, "SIGKILL");
      await waitForExit(clone.pid, pidFile, 10_000);
    });
    const { banner } = await waitForSshBanner("127.0.0.1", sshHostPort, {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const restoreToSshMs = performance.now() - started;
    log(`restore → SSH banner: ${(restoreToSshMs / 1000).toFixed(2)} s (${banner})`);
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
    // Far below a cold boot (36–140 s under TCG); generous for a loaded 2-core machine.
    expect(restoreToSshMs).toBeLessThan(30_000);
    // The clone writes its own overlay only.
    const diskAfter = await stat(snapshot.diskPath);
    expect(diskAfter.mtimeMs).toBe(diskBefore.mtimeMs);
    expect(diskAfter.size).toBe(diskBefore.size);
  });

  it("refuses a clone whose state does not load, and leaves no QEMU running", async () => {
    if (!saved) throw new Error("the first test saved no snapshot");
    const broken = join(work, "broken.bin");
    await copyFile(saved.statePath, broken);
    await truncate(broken, 1024 * 1024);
    const dir = join(work, "clone-broken");
    await mkdir(dir);
    const error = await restoreVmSnapshot({
      snapshot: { ...saved, statePath: broken },
      id: parseVmId("clone-broken"),
      dir,
      sshHostPort: await freePort(),
    }).catch((e: unknown) => e);
    expect(isVmError(error, "VM_START_FAILED")).toBe(true);
    const pidFile = join(dir, "qemu.pid");
    const pid = Number.parseInt(await readFile(pidFile, "utf8").catch(() => "0"), 10);
    if (pid > 0) expect(await waitForExit(pid, pidFile, 10_000)).toBe(true);
  });
});
