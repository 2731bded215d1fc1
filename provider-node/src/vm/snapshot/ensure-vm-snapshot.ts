import { once } from "node:events";
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { withCacheLock } from "../../image/cache-lock.ts";
import { buildNocloudSeed, writeNocloudSeedIso } from "../qemu/nocloud-seed.ts";
import type { QemuAccel } from "../qemu/qemu-args.ts";
import { runCommand } from "../run-command.ts";
import { extractInitrd } from "./extract-initrd.ts";
import { saveVmSnapshot } from "./save-vm-snapshot.ts";
import {
  snapshotKey,
  snapshotMacAddress,
  snapshotMachineArgs,
  type VmShape,
} from "./snapshot-key.ts";
import { unusableSshPublicKey } from "./unusable-ssh-public-key.ts";

/** Parameters of {@link ensureVmSnapshot}. */
export type EnsureVmSnapshotParameters = {
  /** Root of the cache; the snapshot goes to `<cacheDir>/snapshots/<key>/`. */
  cacheDir: string;
  /** The base image the saved disk is an overlay of (from `ensureBaseImage`). */
  image: { qcow2Path: string; kernelPath: string; recipeHash: string };
  shape: VmShape;
  accel: QemuAccel;
  qemuBinary?: string;
  qemuImgBinary?: string;
  /** Limit for the saved machine's boot (default 10 min). */
  bootTimeoutMs?: number;
  /** How long to wait for another process saving the same snapshot (default 30 min). */
  lockWaitMs?: number;
  log?: (line: string) => void;
};

/** A saved, booted machine in the cache: what a clone restores from. */
export type VmSnapshot = {
  key: string;
  dir: string;
  /** The migration stream (QEMU's `-incoming exec:cat <file>`). */
  statePath: string;
  /** The guest's disk at the moment of the save; clones are qcow2 overlays of it, never writing it. */
  diskPath: string;
  /** The neutral NoCloud seed the machine booted with (attached read-only to every clone). */
  seedPath: string;
  kernelPath: string;
  initrdPath: string;
  shape: VmShape;
  accel: QemuAccel;
  stateBytes: number;
  /** Whether this call saved it (false: it was in the cache). */
  built: boolean;
};

/** What `manifest.json` in a snapshot's directory records. */
export type VmSnapshotManifest = {
  key: string;
  recipeHash: string;
  qemuVersion: string;
  machineArgs: string[];
  shape: VmShape;
  accel: QemuAccel;
  stateBytes: number;
  bootToSshMs: number;
  bootToIdleMs: number;
  saveMs: number;
  savedAt: string;
};

/**
 * Returns the cached snapshot for this base image, QEMU and machine, saving it first if needed:
 * a qcow2 overlay of the base image, a neutral seed (hostname `golem`, a login key whose private
 * half no one has), one boot until the guest is idle, then its state. Built in a temporary
 * directory renamed into place when complete, under a lock, like the base image. Fails with
 * `VM_START_FAILED`, `VM_NOT_READY`, `QMP_ERROR` or `IMAGE_BUILD_FAILED`.
 *
 * @example const snapshot = await ensureVmSnapshot({ cacheDir, image, shape: { cpu: 2, memoryMiB: 1024 }, accel: "tcg" });
 */
export async function ensureVmSnapshot(
  parameters: EnsureVmSnapshotParameters,
): Promise<VmSnapshot> {
  const qemuBinary = parameters.qemuBinary ?? "qemu-system-x86_64";
  const qemuImgBinary = parameters.qemuImgBinary ?? "qemu-img";
  const log = parameters.log ?? (() => {});
  const qemuVersion = (await runCommand(qemuBinary, ["--version"])).stdout.split("\n")[0] ?? "";
  const machineArgs = snapshotMachineArgs(parameters.shape, parameters.accel);
  const key = snapshotKey({ recipeHash: parameters.image.recipeHash, qemuVersion, machineArgs });
  const snapshotsDir = join(parameters.cacheDir, "snapshots");
  const finalDir = join(snapshotsDir, key);
  const resultOf = (manifest: VmSnapshotManifest, built: boolean): VmSnapshot => ({
    key,
    dir: finalDir,
    statePath: join(finalDir, "state.bin"),
    diskPath: join(finalDir, "disk.qcow2"),
    seedPath: join(finalDir, "seed.iso"),
    kernelPath: parameters.image.kernelPath,
    initrdPath: join(finalDir, "initrd.img"),
    shape: manifest.shape,
    accel: manifest.accel,
    stateBytes: manifest.stateBytes,
    built,
  });

  const cached = await readManifest(finalDir);
  if (cached) return resultOf(cached, false);
  return withCacheLock(
    join(snapshotsDir, `${key}.lock`),
    async () => {
      const again = await readManifest(finalDir);
      if (again) return resultOf(again, false);
      for (const entry of await readdir(snapshotsDir)) {
        if (entry.startsWith(`.build-${key}-`)) {
          await rm(join(snapshotsDir, entry), { recursive: true, force: true });
        }
      }
      const workDir = await mkdtemp(join(snapshotsDir, `.build-${key}-`));
      try {
        log(
          `saving VM snapshot ${key} (${parameters.shape.cpu} vCPU, ${parameters.shape.memoryMiB} MiB)`,
        );
        const files = {
          disk: join(workDir, "disk.qcow2"),
          seed: join(workDir, "seed.iso"),
          initrd: join(workDir, "initrd.img"),
          statePath: join(workDir, "state.bin"),
        };
        await extractInitrd(qemuImgBinary, parameters.image.qcow2Path, files.initrd);
        await runCommand(qemuImgBinary, [
          ...["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", parameters.image.qcow2Path],
          files.disk,
        ]);
        await writeNocloudSeedIso(
          files.seed,
          buildNocloudSeed({
            instanceId: `golem-snapshot-${key}`,
            hostname: "golem",
            macAddress: snapshotMacAddress,
            sshPublicKey: unusableSshPublicKey(),
          }),
        );
        const saved = await saveVmSnapshot({
          qemuBinary,
          accel: parameters.accel,
          shape: parameters.shape,
          dir: workDir,
          ...files,
          kernel: parameters.image.kernelPath,
          sshHostPort: await freeLocalPort(),
          bootTimeoutMs: parameters.bootTimeoutMs,
          log,
        });
        const manifest: VmSnapshotManifest = {
          key,
          recipeHash: parameters.image.recipeHash,
          qemuVersion,
          machineArgs,
          shape: parameters.shape,
          accel: parameters.accel,
          ...saved,
          savedAt: new Date().toISOString(),
        };
        // The boot's sockets, pid file and console are not part of the snapshot.
        for (const name of ["qmp.sock", "qemu.pid", "console.log"]) {
          await rm(join(workDir, name), { force: true });
        }
        await writeFile(join(workDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
        await rm(finalDir, { recursive: true, force: true });
        // Unlike the base image, the directory stays 0700 (mkdtemp's): the state holds the saved
        // guest's memory, its SSH host keys among it, which no other local user may read.
        await rename(workDir, finalDir);
        log(`VM snapshot ${key} ready: ${finalDir}`);
        return resultOf(manifest, true);
      } catch (error) {
        await rm(workDir, { recursive: true, force: true });
        throw error;
      }
    },
    {
      waitMs: parameters.lockWaitMs,
      onWait: () => log(`waiting for another process saving VM snapshot ${key}`),
    },
  );
}

async function readManifest(dir: string): Promise<VmSnapshotManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as VmSnapshotManifest;
  } catch {
    return undefined;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (QEMU's host forward cannot take port 0). */
async function freeLocalPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
