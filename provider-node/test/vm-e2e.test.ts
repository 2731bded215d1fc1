// The whole provider path on a REAL VM: the `golem-provider` daemon process with the QEMU
// driver (TCG here), SIWE, POST /vms, real OpenSSH through the node's public port, stop and
// start with the disk kept, `kill -9` of the daemon and re-adoption on the same port, and a
// destroy that leaves no port, directory or process behind. One VM for all of it (TCG boots
// take 40–140 s). Skips with the reason when QEMU is missing, except in CI where it fails.
import { execFile } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { generateSshKey, runSsh, type SshKey, waitForSshLogin } from "../../scripts/lib/ssh-key.ts";
import { isProcessAlive } from "../src/daemon/pid-file.ts";
import { qemuPidsOf } from "./support/qemu-pids.ts";
import { realQemuDaemonEnv } from "./support/real-qemu-env.ts";
import { randomAccount, signSiwe } from "./support/siwe.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../bin/golem-provider.js");
const log = (line: string) =>
  console.log(`[vm-e2e ${new Date().toISOString().slice(11, 19)}] ${line}`);
const required = process.env.CI === "true";
const qemuMissing = await run("qemu-system-x86_64", ["--version"]).then(
  () => undefined,
  (error: Error) => `qemu-system-x86_64 cannot run: ${error.message}`,
);

type Nonce = { nonce: string; domain: string; uri: string; chainId: number };
type Vm = { id: string; sshPort: number; status: string; error: string | null };
type VmStats = {
  id: string;
  cpu: { count: number; usagePercent: number; timeSeconds: number | null };
  memory: { totalMiB: number; usedMiB: number };
  disk: { totalGiB: number; usedBytes: number; writeBytes: number | null };
};
type ErrorBody = { error: { code: string } };
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;

let dir: string;
let dataDir: string;
let apiPort: number;
let env: NodeJS.ProcessEnv;
let key: SshKey;
let vmId: string | undefined;

const cli = (...args: string[]) =>
  run(process.execPath, [bin, ...args, "--data-dir", dataDir], { env, timeout: 20 * 60_000 });
const url = (path: string) => `http://127.0.0.1:${apiPort}/api/v1${path}`;
const daemonPid = async () =>
  Number((await readFile(join(dataDir, "provider.pid"), "utf8")).trim());
// The node's QEMU driver keeps VMs in <dataDir>/vms/<id>/.
const vmDir = (id: string) => join(dataDir, "vms", id);

function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

beforeAll(async () => {
  if (qemuMissing && !required) return;
  // Short: the QMP socket path under the data dir must fit in 107 bytes.
  dir = await mkdtemp(join(tmpdir(), "gpe-"));
  dataDir = join(dir, "d");
  apiPort = await freePort();
  env = await realQemuDaemonEnv();
  key = await generateSshKey(dir, "vm-e2e");
});

afterAll(async () => {
  if (!dir) return;
  await cli("stop").catch(() => {});
  // Whatever the test left running: never leak a QEMU process.
  if (vmId) for (const pid of await qemuPidsOf(vmId)) process.kill(pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("provider daemon with a real QEMU VM", () => {
  if (qemuMissing && !required) {
    test.skip(`skipped: ${qemuMissing}`, () => {});
    return;
  }

  test(
    "create, SSH, stop/start keeps the disk, kill -9 re-adopts on the same port, destroy leaves nothing",
    async () => {
      expect(qemuMissing, "QEMU is required in CI").toBeUndefined();
      const started = await cli("start", "--daemon", "--driver", "qemu", "--port", String(apiPort));
      expect(started.stdout).toMatch(/golem-provider started in the background \(pid \d+\)/);
      const info = await json<{ driver: { name: string; accel: string; usable: boolean } }>(
        fetch(url("/provider/info")),
      );
      log(`driver ${JSON.stringify(info.driver)}`);
      expect(info.driver).toMatchObject({ name: "qemu", usable: true });

      const account = randomAccount();
      const nonce = await json<Nonce>(fetch(url("/auth/nonce"), { method: "POST" }));
      const verify = await fetch(url("/auth/verify"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(await signSiwe({ account, ...nonce })),
      });
      expect(verify.status).toBe(200);
      const { token } = await json<{ token: string }>(verify);
      // No content-type on body-less calls: Fastify refuses an empty JSON body.
      const headers = { authorization: `Bearer ${token}` };

      const t0 = performance.now();
      const created = await fetch(url("/vms"), {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({
          name: "e2e",
          cpu: 2,
          memoryGiB: 1,
          storageGiB: 4,
          sshPublicKey: key.publicKey,
        }),
      });
      expect(created.status, await created.clone().text()).toBe(202);
      const vm = await json<Vm>(created);
      vmId = vm.id;
      const id = vm.id;
      const target = { keyPath: key.privateKeyPath, port: vm.sshPort };
      const getVm = () => json<Vm>(fetch(url(`/vms/${id}`), { headers }));
      const waitRunning = async (what: string) => {
        const since = performance.now();
        await expect
          .poll(
            async () => {
              const now = await getVm();
              if (now.status === "failed") throw new Error(`VM failed: ${now.error}`);
              return now.status;
            },
            { timeout: 6 * 60_000, interval: 2000 },
          )
          .toBe("running");
        log(`${what}: running after ${((performance.now() - since) / 1000).toFixed(1)} s`);
      };
      const sshReady = async (what: string) => {
        const s = await waitForSshLogin({ ...target, timeoutMs: 4 * 60_000 });
        log(`${what}: SSH login works ${s.toFixed(1)} s after running`);
      };

      await waitRunning("create");
      await sshReady("create");
      log(`create → SSH login: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await access(vmDir(id));
      expect(await qemuPidsOf(id)).toHaveLength(1);

      // `nproc` prints the vCPUs; `df` a header line, then the root file system's size.
      const lines = (await runSsh({ ...target, command: "nproc; df -BG --output=size /" }))
        .trim()
        .split("\n")
        .map((line) => line.trim());
      log(`guest says: ${lines.join(" | ")}`);
      expect(lines[0]).toBe("2");
      // cloud-init grew the root file system to the 4 GiB overlay (ext4 keeps a little).
      const sizeGiB = Number(lines.at(-1)?.match(/^(\d+)G$/)?.[1]);
      expect(sizeGiB).toBeGreaterThanOrEqual(3);
      expect(sizeGiB).toBeLessThanOrEqual(4);
      const marker = `kept-${Date.now()}`;
      await runSsh({ ...target, command: `echo ${marker} > ~/marker && sync` });

      // Usage as the provider measures it on the host (QEMU's /proc entry, the overlay, QMP).
      const statsUrl = url(`/vms/${id}/stats`);
      const usage = await fetch(statsUrl, { headers });
      expect(usage.status, await usage.clone().text()).toBe(200);
      const stats = await json<VmStats>(usage);
      log(`stats: ${JSON.stringify(stats)}`);
      expect(stats).toMatchObject({ id, cpu: { count: 2 }, memory: { totalMiB: 1024 } });
      expect(stats.disk.totalGiB).toBe(4);
      expect(stats.memory.usedMiB).toBeGreaterThan(50);
      expect(stats.disk.usedBytes).toBeGreaterThan(1024 ** 2);
      expect(stats.disk.writeBytes).toBeGreaterThan(0);
      expect(stats.cpu.timeSeconds).toBeGreaterThan(1);

      // Stop keeps the disk and the port; start boots the same disk again.
      const stopped = await fetch(url(`/vms/${id}/stop`), { method: "POST", headers });
      expect(stopped.status).toBe(200);
      expect((await json<Vm>(stopped)).status).toBe("stopped");
      expect(await qemuPidsOf(id)).toHaveLength(0);
      const notRunning = await fetch(statsUrl, { headers });
      expect([notRunning.status, (await json<ErrorBody>(notRunning)).error.code]).toEqual([
        409,
        "VM_NOT_RUNNING",
      ]);
      const restarted = await fetch(url(`/vms/${id}/start`), { method: "POST", headers });
      expect(restarted.status).toBe(202);
      await waitRunning("start");
      await sshReady("start");
      expect((await runSsh({ ...target, command: "cat ~/marker" })).trim()).toBe(marker);

      // The node dies without any chance to clean up; the VM lives on.
      const firstPid = await daemonPid();
      const qemuBefore = await qemuPidsOf(id);
      process.kill(firstPid, "SIGKILL");
      await expect.poll(() => isProcessAlive(firstPid)).toBe(false);
      await expect.poll(() => connectOutcome(vm.sshPort)).toBe("ECONNREFUSED");
      expect(await qemuPidsOf(id)).toEqual(qemuBefore);

      const again = await cli("start", "--daemon", "--driver", "qemu", "--port", String(apiPort));
      expect(again.stdout).toMatch(/started in the background/);
      await waitRunning("re-adopt");
      const readopted = await getVm();
      expect(readopted.sshPort).toBe(vm.sshPort);
      expect(await qemuPidsOf(id)).toEqual(qemuBefore);
      expect((await runSsh({ ...target, command: "cat ~/marker" })).trim()).toBe(marker);
      expect(await readFile(join(dataDir, "provider.log"), "utf8")).toContain(
        "recovery: adopted 1",
      );

      const destroyed = await fetch(url(`/vms/${id}`), { method: "DELETE", headers });
      expect(destroyed.status).toBe(200);
      expect(await json(destroyed)).toEqual({ id, status: "destroyed", stream: null });
      expect(await connectOutcome(vm.sshPort)).toBe("ECONNREFUSED");
      await expect(access(vmDir(id))).rejects.toThrow(/ENOENT/);
      await expect.poll(() => qemuPidsOf(id)).toEqual([]);
      vmId = undefined;

      const stop = await cli("stop");
      expect(stop.stdout).toContain("golem-provider stopped");
    },
    25 * 60_000,
  ); // two TCG boots on a busy 2-core host can take 4 min each
});
