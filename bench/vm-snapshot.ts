// How much faster a VM answers SSH when restored from a saved, booted machine than when cold
// booted, in one run: (a) a bare cold boot with the node's own argv (NVMe, no initrd) until the
// SSH banner; (b) a clone restored from the cached snapshot (virtio-blk, QEMU migration stream in
// a file, a qcow2 overlay of the saved disk) until the SSH banner; (c) once, the other way to
// save a machine, an internal qcow2 snapshot: `savevm`, a copy of the image per clone (`loadvm`
// reads only the top image, so clones cannot share it through a backing file), `loadvm`.
// Banner, not login: a restored clone still has the saved machine's identity and no requestor key
// (the identity agent is the next step of the work). Alternated, same run, medians.
// Usage: node bench/vm-snapshot.ts [--rounds 3] [--internal]
// Last line: {"coldBootToSshS":x,"restoreToSshS":y,"ratio":r,"stateMiB":m,...}
import { spawn } from "node:child_process";
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultCacheDir, ensureBaseImage } from "../provider-node/src/image/ensure-base-image.ts";
import { parseVmId } from "../provider-node/src/vm/driver.ts";
import { probeAccel } from "../provider-node/src/vm/qemu/accel-probe.ts";
import {
  buildNocloudSeed,
  writeNocloudSeedIso,
} from "../provider-node/src/vm/qemu/nocloud-seed.ts";
import { buildQemuArgs, macAddressOf } from "../provider-node/src/vm/qemu/qemu-args.ts";
import { connectQmp } from "../provider-node/src/vm/qemu/qmp.ts";
import { runCommand } from "../provider-node/src/vm/run-command.ts";
import { ensureVmSnapshot } from "../provider-node/src/vm/snapshot/ensure-vm-snapshot.ts";
import { newGuestIdentity } from "../provider-node/src/vm/snapshot/guest-identity.ts";
import { restoreVmSnapshot } from "../provider-node/src/vm/snapshot/restore-vm-snapshot.ts";
import { runSnapshotQemu } from "../provider-node/src/vm/snapshot/run-snapshot-qemu.ts";
import { unusableSshPublicKey } from "../provider-node/src/vm/snapshot/unusable-ssh-public-key.ts";
import { waitForSshBanner } from "../provider-node/src/vm/ssh-banner.ts";
import { freePort } from "../scripts/lib/free-port.ts";
import { benchWorkDir, median } from "./lib/bench-kit.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    internal: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const shape = { cpu: 2, memoryMiB: 1024 };
const bannerTimeoutMs = 10 * 60_000;
const { work, cleanup, log } = await benchWorkDir("gbs-");
const image = await ensureBaseImage({ cacheDir: defaultCacheDir(), log });
const accel = (await probeAccel("kvm", { timeoutMs: 3000 })).usable ? "kvm" : "tcg";
const saveStarted = performance.now();
const snapshot = await ensureVmSnapshot({
  cacheDir: defaultCacheDir(),
  image,
  shape,
  accel,
  log,
});
if (snapshot.built) log(`saved in ${((performance.now() - saveStarted) / 1000).toFixed(1)} s`);

const kill = async (pid: number) => {
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
};

/** (a) A cold boot with the node's argv until the SSH banner. */
async function coldBoot(round: number): Promise<number> {
  const id = parseVmId(`bench-cold-${round}`);
  const dir = join(work, id);
  await mkdir(dir);
  const disk = join(dir, "disk.qcow2");
  const seed = join(dir, "seed.iso");
  await runCommand("qemu-img", [
    ...["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.qcow2Path, disk],
  ]);
  await writeNocloudSeedIso(
    seed,
    buildNocloudSeed({
      instanceId: id,
      hostname: id,
      macAddress: macAddressOf(id),
      sshPublicKey: unusableSshPublicKey(),
    }),
  );
  const port = await freePort();
  const args = buildQemuArgs(
    { id, ...shape, sshHostPort: port },
    {
      disk,
      seed,
      kernel: image.kernelPath,
      qmpSocket: join(dir, "qmp.sock"),
      consoleLog: join(dir, "console.log"),
      pidFile: join(dir, "qemu.pid"),
    },
    { accel, daemonize: false },
  );
  const started = performance.now();
  const qemu = spawn("qemu-system-x86_64", args, { stdio: "ignore" });
  try {
    await waitForSshBanner("127.0.0.1", port, { timeoutMs: bannerTimeoutMs, intervalMs: 250 });
    return (performance.now() - started) / 1000;
  } finally {
    qemu.kill("SIGKILL");
    await new Promise((r) => (qemu.exitCode === null ? qemu.once("exit", r) : r(0)));
    await rm(dir, { recursive: true, force: true });
  }
}

/** (b) A clone restored from the snapshot until the SSH banner. */
async function restore(round: number): Promise<number> {
  const id = parseVmId(`bench-warm-${round}`);
  const dir = join(work, id);
  await mkdir(dir);
  const port = await freePort();
  const started = performance.now();
  const identity = await newGuestIdentity({ hostname: id, authorizedKey: unusableSshPublicKey() });
  const clone = await restoreVmSnapshot({ snapshot, id, dir, sshHostPort: port, identity });
  try {
    await waitForSshBanner("127.0.0.1", port, { timeoutMs: bannerTimeoutMs, intervalMs: 100 });
    loads.push(clone.loadMs / 1000);
    return (performance.now() - started) / 1000;
  } finally {
    await kill(clone.pid);
    await rm(dir, { recursive: true, force: true });
  }
}

/** (c) The internal-snapshot way, measured once per step. */
async function internalSnapshot(): Promise<Record<string, number>> {
  const dir = join(work, "internal");
  await mkdir(dir);
  const disk = join(dir, "disk.qcow2");
  await runCommand("qemu-img", [
    ...["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.qcow2Path, disk],
  ]);
  const files = {
    disk,
    seed: snapshot.seedPath,
    kernel: snapshot.kernelPath,
    initrd: snapshot.initrdPath,
  };
  const port = await freePort();
  const golden = await runSnapshotQemu({
    qemuBinary: "qemu-system-x86_64",
    accel,
    shape,
    id: parseVmId("bench-internal"),
    dir,
    ...files,
    sshHostPort: port,
  });
  const qmp = await connectQmp(golden.qmpSocket, { timeoutMs: 300_000 });
  await waitForSshBanner("127.0.0.1", port, { timeoutMs: bannerTimeoutMs });
  await new Promise((r) => setTimeout(r, 15_000));
  const saveStarted = performance.now();
  await qmp.execute("stop");
  const answer = await qmp.execute<string>("human-monitor-command", {
    "command-line": "savevm golden",
  });
  if (answer.trim()) throw new Error(`savevm: ${answer}`);
  const saveS = (performance.now() - saveStarted) / 1000;
  await qmp.execute("quit");
  await qmp.closed;
  await new Promise((r) => setTimeout(r, 1000));
  const imageMiB = (await stat(disk)).size / 2 ** 20;
  const restores: number[] = [];
  const copies: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const cloneDir = join(work, `internal-${round}`);
    await mkdir(cloneDir);
    const copyStarted = performance.now();
    const cloneDisk = join(cloneDir, "disk.qcow2");
    await copyFile(disk, cloneDisk);
    const copyS = (performance.now() - copyStarted) / 1000;
    const clonePort = await freePort();
    const started = performance.now();
    const clone = await runSnapshotQemu({
      qemuBinary: "qemu-system-x86_64",
      accel,
      shape,
      id: parseVmId(`bench-internal-${round}`),
      dir: cloneDir,
      ...files,
      disk: cloneDisk,
      sshHostPort: clonePort,
      extraArgs: ["-S"],
    });
    try {
      // `loadvm` at run time, then `cont`: with `-loadvm` on the command line this QEMU (7.2,
      // direct kernel boot) booted the guest afresh (~40 s to the banner, kernel log from 0 s).
      const cloneQmp = await connectQmp(clone.qmpSocket, { timeoutMs: 120_000 });
      const loaded = await cloneQmp.execute<string>("human-monitor-command", {
        "command-line": "loadvm golden",
      });
      if (loaded.trim()) throw new Error(`loadvm: ${loaded}`);
      await cloneQmp.execute("cont");
      cloneQmp.close();
      await waitForSshBanner("127.0.0.1", clonePort, {
        timeoutMs: bannerTimeoutMs,
        intervalMs: 100,
      });
      restores.push((performance.now() - started) / 1000);
      copies.push(copyS);
      log(
        `internal round ${round}: copy ${copyS.toFixed(2)} s, loadvm → SSH banner ${restores.at(-1)?.toFixed(2)} s`,
      );
    } finally {
      await kill(clone.pid);
      await rm(cloneDir, { recursive: true, force: true });
    }
  }
  return {
    internalSaveS: Number(saveS.toFixed(2)),
    internalImageMiB: Math.round(imageMiB),
    internalCopyS: Number(median(copies).toFixed(2)),
    internalLoadToSshS: Number(median(restores).toFixed(2)),
  };
}

const cold: number[] = [];
const warm: number[] = [];
const loads: number[] = [];
let internal: Record<string, number> = {};
try {
  log(`accel ${accel}, ${shape.cpu} vCPU / ${shape.memoryMiB} MiB, ${rounds} rounds`);
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? (["cold", "warm"] as const) : (["warm", "cold"] as const);
    for (const kind of order) {
      const seconds = kind === "cold" ? await coldBoot(round) : await restore(round);
      (kind === "cold" ? cold : warm).push(seconds);
      log(
        `round ${round}: ${kind === "cold" ? "cold boot → SSH banner" : "restore → SSH banner  "} ${seconds.toFixed(2)} s`,
      );
    }
  }
  if (values.internal) internal = await internalSnapshot();
} finally {
  await cleanup.run();
}
const coldS = median(cold);
const warmS = median(warm);
log(
  `cold: ${cold.map((s) => s.toFixed(1)).join(", ")} s; restore: ${warm.map((s) => s.toFixed(2)).join(", ")} s`,
);
console.log(
  JSON.stringify({
    coldBootToSshS: Number(coldS.toFixed(1)),
    restoreToSshS: Number(warmS.toFixed(2)),
    stateLoadS: Number(median(loads).toFixed(2)),
    ratio: Number((warmS / coldS).toFixed(3)),
    stateMiB: Math.round(snapshot.stateBytes / 2 ** 20),
    shape: `${shape.cpu}cpu-${shape.memoryMiB}MiB`,
    ...internal,
  }),
);
