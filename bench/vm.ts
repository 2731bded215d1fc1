// What the provider node adds to a VM boot: (a) a bare QEMU boot of the same image with the
// driver's own argv (buildQemuArgs) and the same NoCloud seed, spawned directly, from process
// start until an SSH login with the injected key works; (b) POST /api/v1/vms on the real
// daemon until an SSH login works on the node's public port. Alternated, same run, medians.
// TCG boots vary a lot (36–140 s), so only the ratio of this run means anything.
// Usage: node bench/vm.ts [--rounds 2]
// Last line: {"bareBootToSshS":x,"createToSshReadyS":y,"ratio":r}
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
import { freePort } from "../scripts/lib/free-port.ts";
import { startProviderDaemon } from "../scripts/lib/provider-daemon.ts";
import { generateSshKey, waitForSshLogin } from "../scripts/lib/ssh-key.ts";
import { benchWorkDir, median } from "./lib/bench-kit.ts";

const run = promisify(execFile);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "2" } } });
const rounds = Number(values.rounds);
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

const daemon = await startProviderDaemon({ dataDir: join(work, "d") });
cleanup.add("stop the provider daemon", () => daemon.stop());
const client = createProviderClient({
  baseUrl: daemon.apiUrl,
  signer: privateKeyToAccount(generatePrivateKey()),
});
cleanup.add("destroy the bench's VMs", async () => {
  for (const vm of await client.listVms()) await client.destroyVm(vm.id);
});
await client.signIn();

/** (b) One create through the API until a login works on the public port. */
async function apiCreate(round: number): Promise<number> {
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
} finally {
  await cleanup.run();
}
const bareS = median(bare);
const apiS = median(api);
log(
  `bare: ${bare.map((s) => s.toFixed(1)).join(", ")} s; API: ${api.map((s) => s.toFixed(1)).join(", ")} s (medians)`,
);
console.log(
  JSON.stringify({
    bareBootToSshS: Number(bareS.toFixed(1)),
    createToSshReadyS: Number(apiS.toFixed(1)),
    ratio: Number((apiS / bareS).toFixed(3)),
  }),
);
