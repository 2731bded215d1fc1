// What the provider node adds to a VM boot: (a) a bare QEMU boot of the same image with the
// driver's own argv (buildQemuArgs) and the same NoCloud seed, spawned directly, from process
// start until an SSH login with the injected key works; (b) POST /api/v1/vms on the real
// daemon (vms.snapshots: off, the cold path) until an SSH login works on the node's public
// port; (c) the same on a daemon with vms.snapshots: on, whose VMs are restored from a saved
// machine of their shape (saved before the timed rounds) and given their own identity (the
// warm path). (a) and (b) alternated, same run, medians; (c) `--warm-rounds` times (median).
// TCG boots vary a lot (36–140 s), so only the ratios of this run mean anything.
// Usage: node bench/vm.ts [--rounds 2] [--warm-rounds 5]
// Last line: {"bareBootToSshS":x,"createToSshReadyS":y,"ratio":r,"warmCreateToSshReadyS":w,"warmToColdRatio":q,"snapshotStateMiB":m}
import { execFile, spawn } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { defaultCacheDir, ensureBaseImage } from "../provider-node/src/image/ensure-base-image.ts";
import { parseVmId } from "../provider-node/src/vm/driver.ts";
import {
  buildNocloudSeed,
  writeNocloudSeedIso,
} from "../provider-node/src/vm/qemu/nocloud-seed.ts";
import { buildQemuArgs, macAddressOf } from "../provider-node/src/vm/qemu/qemu-args.ts";
import { createQemuDriver } from "../provider-node/src/vm/qemu/qemu-driver.ts";
import { ensureVmSnapshot } from "../provider-node/src/vm/snapshot/ensure-vm-snapshot.ts";
import { freePort } from "../scripts/lib/free-port.ts";
import { startProviderDaemon } from "../scripts/lib/provider-daemon.ts";
import { generateSshKey, waitForSshLogin } from "../scripts/lib/ssh-key.ts";
import { benchWorkDir, median } from "./lib/bench-kit.ts";

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    "warm-rounds": { type: "string", default: "5" },
  },
});
const rounds = Number(values.rounds);
const warmRounds = Number(values["warm-rounds"]);
const vmSize = { cpu: 2, memoryGiB: 1, storageGiB: 4 };
const loginTimeoutMs = 10 * 60_000;

const { work, cleanup, log } = await benchWorkDir("gbv-");

const key = await generateSshKey(work, "bench-vm");
const image = await ensureBaseImage({ cacheDir: defaultCacheDir(), log });
// The accelerator the node's driver would pick (KVM when a test guest runs in time, else TCG).
const accel = await createQemuDriver({ stateDir: join(work, "probe"), image }).accel();

/** (a) One bare boot: overlay + seed as the driver makes them, QEMU in the foreground. */
async function bareBoot(round: number): Promise<number> {
  const id = parseVmId(`bench-bare-${round}`);
  const dir = join(work, id);
  await mkdir(dir);
  const disk = join(dir, "disk.qcow2");
  const seed = join(dir, "seed.iso");
  await run("qemu-img", [
    ...["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.qcow2Path],
    ...[disk, `${vmSize.storageGiB}G`],
  ]);
  await writeNocloudSeedIso(
    seed,
    buildNocloudSeed({
      instanceId: id,
      hostname: id,
      macAddress: macAddressOf(id),
      sshPublicKey: key.publicKey,
    }),
  );
  const port = await freePort();
  const args = buildQemuArgs(
    { id, cpu: vmSize.cpu, memoryMiB: vmSize.memoryGiB * 1024, sshHostPort: port },
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
    await waitForSshLogin({ keyPath: key.privateKeyPath, port, timeoutMs: loginTimeoutMs });
    return (performance.now() - started) / 1000;
  } finally {
    qemu.kill("SIGKILL");
    await new Promise((resolve) =>
      qemu.exitCode === null ? qemu.once("exit", resolve) : resolve(0),
    );
    await rm(dir, { recursive: true, force: true });
  }
}

/** A daemon (cold: vms.snapshots off, the test default; warm: on) and a signed-in client. */
async function startDaemon(name: string, snapshots: "on" | "off") {
  const daemon = await startProviderDaemon({
    dataDir: join(work, name),
    env: { GOLEM_PROVIDER_VMS_SNAPSHOTS: snapshots },
  });
  cleanup.add(`stop the ${name} provider daemon`, () => daemon.stop());
  const client = createProviderClient({
    baseUrl: daemon.apiUrl,
    signer: privateKeyToAccount(generatePrivateKey()),
  });
  cleanup.add(`destroy the ${name} daemon's VMs`, async () => {
    for (const vm of await client.listVms()) await client.destroyVm(vm.id);
  });
  await client.signIn();
  return client;
}
const coldClient = await startDaemon("cold", "off");
// The warm daemon finds this snapshot in the shared cache (same image, QEMU, shape and argv).
const snapshot = await ensureVmSnapshot({
  cacheDir: defaultCacheDir(),
  image,
  shape: { cpu: vmSize.cpu, memoryMiB: vmSize.memoryGiB * 1024 },
  accel,
  log,
});
const warmClient = await startDaemon("warm", "on");

/** (b, c) One create through the API until a login works on the public port. */
async function apiCreate(round: number, client: typeof coldClient = coldClient): Promise<number> {
  const started = performance.now();
  const vm = await client.createVm({
    name: `bench-${round}`,
    ...vmSize,
    sshPublicKey: key.publicKey,
  });
  try {
    await waitForSshLogin({
      keyPath: key.privateKeyPath,
      port: vm.sshPort,
      timeoutMs: loginTimeoutMs,
    });
    return (performance.now() - started) / 1000;
  } finally {
    await client.destroyVm(vm.id);
  }
}

const bare: number[] = [];
const api: number[] = [];
const warm: number[] = [];
try {
  log(
    `accel ${accel}, VM ${vmSize.cpu} vCPU / ${vmSize.memoryGiB} GiB / ${vmSize.storageGiB} GiB, ${rounds} rounds`,
  );
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so a load change hits both sides alike.
    const order = round % 2 ? (["bare", "api"] as const) : (["api", "bare"] as const);
    for (const kind of order) {
      const seconds = kind === "bare" ? await bareBoot(round) : await apiCreate(round);
      (kind === "bare" ? bare : api).push(seconds);
      log(
        `round ${round}: ${kind === "bare" ? "bare boot → SSH login " : "API create → SSH login"} ${seconds.toFixed(1)} s`,
      );
    }
  }
  for (let round = 1; round <= warmRounds; round++) {
    const seconds = await apiCreate(100 + round, warmClient);
    warm.push(seconds);
    log(`warm ${round}: API create → SSH login (restored) ${seconds.toFixed(2)} s`);
  }
} finally {
  await cleanup.run();
}
const bareS = median(bare);
const apiS = median(api);
const warmS = median(warm);
log(
  `bare: ${bare.map((s) => s.toFixed(1)).join(", ")} s; API cold: ${api.map((s) => s.toFixed(1)).join(", ")} s; API warm: ${warm.map((s) => s.toFixed(2)).join(", ")} s (medians)`,
);
console.log(
  JSON.stringify({
    bareBootToSshS: Number(bareS.toFixed(1)),
    createToSshReadyS: Number(apiS.toFixed(1)),
    ratio: Number((apiS / bareS).toFixed(3)),
    warmCreateToSshReadyS: Number(warmS.toFixed(2)),
    warmToColdRatio: Number((warmS / apiS).toFixed(3)),
    snapshotStateMiB: Math.round(snapshot.stateBytes / 2 ** 20),
  }),
);
