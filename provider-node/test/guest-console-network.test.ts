// A REAL guest against the host, through the `golem-provider` daemon with the QEMU driver in
// `vms.network: none` (QEMU user networking with restrict=on): the guest cannot reach a
// listener on the host's 127.0.0.1 through 10.0.2.2 (nor its own SSH host forward) while SSH
// in still works, `status` says which network mode is in force and why, and a guest writing
// 100 MB to its serial port leaves at most the console cap on the host while
// GET /vms/{id}/console shows the recent output to its owner only. One VM for all of it.
// Skips with the reason when QEMU is missing, except in CI where it fails.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { generateSshKey, runSsh, type SshKey, waitForSshLogin } from "../../scripts/lib/ssh-key.ts";
import { consoleFileCapBytes } from "../src/vm/qemu/qemu-console.ts";
import { qemuPidsOf } from "./support/qemu-pids.ts";
import { realQemuDaemonEnv } from "./support/real-qemu-env.ts";
import { randomAccount, signSiwe } from "./support/siwe.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../bin/golem-provider.js");
const log = (line: string) =>
  console.log(`[guest-console-network ${new Date().toISOString().slice(11, 19)}] ${line}`);
const required = process.env.CI === "true";
const qemuMissing = await run("qemu-system-x86_64", ["--version"]).then(
  () => undefined,
  (error: Error) => `qemu-system-x86_64 cannot run: ${error.message}`,
);

type Nonce = { nonce: string; domain: string; uri: string; chainId: number };
type Vm = { id: string; sshPort: number; status: string; error: string | null };
type Console = { id: string; output: string; bytes: number };
type NetworkMode = { requested: string; mode: string; reason: string };
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

async function signIn(): Promise<Record<string, string>> {
  const nonce = await json<Nonce>(fetch(url("/auth/nonce"), { method: "POST" }));
  const verify = await fetch(url("/auth/verify"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(await signSiwe({ account: randomAccount(), ...nonce })),
  });
  expect(verify.status).toBe(200);
  return { authorization: `Bearer ${(await json<{ token: string }>(verify)).token}` };
}

/** Bytes of every console file of the VM on the host (this boot's and the previous one's). */
async function consoleBytesOnHost(id: string): Promise<number> {
  const vmDir = join(dataDir, "vms", id);
  const names = (await readdir(vmDir).catch(() => [])).filter((n) => n.startsWith("console"));
  // A file may be rotated away between the listing and its stat: it counts as nothing.
  const sizes = await Promise.all(
    names.map((n) =>
      stat(join(vmDir, n)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  if (qemuMissing && !required) return;
  dir = await mkdtemp(join(tmpdir(), "gcn-"));
  dataDir = join(dir, "d");
  apiPort = await freePort();
  env = await realQemuDaemonEnv();
  key = await generateSshKey(dir, "guest-console-network");
});

afterAll(async () => {
  if (!dir) return;
  await cli("stop").catch(() => {});
  if (vmId) for (const pid of await qemuPidsOf(vmId)) process.kill(pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("a real guest in network mode none, and its bounded console", () => {
  if (qemuMissing && !required) {
    test.skip(`skipped: ${qemuMissing}`, () => {});
    return;
  }

  test(
    "no way to the host's 127.0.0.1; 100 MB to the serial port leaves at most the cap; console owner-only",
    async () => {
      expect(qemuMissing, "QEMU is required in CI").toBeUndefined();
      await cli("start", "--daemon", "--driver", "qemu", "--port", String(apiPort));
      const info = await json<{ driver: { network?: NetworkMode } }>(fetch(url("/provider/info")));
      expect(info.driver.network).toMatchObject({ requested: "none", mode: "none" });
      const status = JSON.parse((await cli("status", "--json")).stdout) as {
        driver: { network?: NetworkMode };
      };
      log(`status says: ${JSON.stringify(status.driver.network)}`);
      expect(status.driver.network?.mode).toBe("none");
      expect(status.driver.network?.reason).toContain("vms.network: none");

      const owner = await signIn();
      const created = await fetch(url("/vms"), {
        method: "POST",
        headers: { ...owner, "content-type": "application/json" },
        body: JSON.stringify({
          name: "gcn",
          cpu: 2,
          memoryGiB: 1,
          storageGiB: 4,
          sshPublicKey: key.publicKey,
        }),
      });
      expect(created.status, await created.clone().text()).toBe(202);
      const vm = await json<Vm>(created);
      vmId = vm.id;
      const target = { keyPath: key.privateKeyPath, port: vm.sshPort };
      const ssh = (command: string, timeoutMs?: number) =>
        runSsh({ ...target, command, ...(timeoutMs ? { timeoutMs } : {}) });
      await expect
        .poll(
          async () => {
            const now = await json<Vm>(fetch(url(`/vms/${vm.id}`), { headers: owner }));
            if (now.status === "failed") throw new Error(`VM failed: ${now.error}`);
            return now.status;
          },
          { timeout: 8 * 60_000, interval: 2000 },
        )
        .toBe("running");
      await waitForSshLogin({ ...target, timeoutMs: 4 * 60_000 });
      log("SSH login works through the node's public port (restrict=on keeps host forwards)");

      // A listener bound only to the host's loopback, as the local chain node and the API are.
      let reachedHost = 0;
      const listener = createServer((socket) => {
        reachedHost += 1;
        socket.end("host-secret\n");
      });
      await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
      const hostPort = (listener.address() as { port: number }).port;
      try {
        const probe = (host: string, port: number) =>
          `timeout 8 bash -c 'exec 3<>/dev/tcp/${host}/${port}' 2>/dev/null && echo open || echo closed`;
        // Control: the same probe reaches the guest's own sshd, so "closed" below is the network.
        expect((await ssh(probe("127.0.0.1", 22))).trim()).toBe("open");
        expect((await ssh(probe("10.0.2.2", hostPort))).trim()).toBe("closed");
        const hostForward = Number(env.GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START);
        const ownForwardClosed = await Promise.all(
          [0, 1, 2, 3, 4].map(async (i) => (await ssh(probe("10.0.2.2", hostForward + i))).trim()),
        );
        expect(ownForwardClosed).toEqual(["closed", "closed", "closed", "closed", "closed"]);
        expect(reachedHost).toBe(0);
      } finally {
        listener.close();
      }

      // The console: a marker, then 100 MB, then another marker.
      const consoleOf = (headers: Record<string, string>, query = "") =>
        fetch(url(`/vms/${vm.id}/console${query}`), { headers });
      const stamp = Date.now();
      await ssh(`echo console-start-${stamp} | sudo tee /dev/ttyS0 >/dev/null`);
      await expect
        .poll(async () => (await json<Console>(consoleOf(owner))).output, { timeout: 30_000 })
        .toContain(`console-start-${stamp}`);

      let maxOnHost = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          maxOnHost = Math.max(maxOnHost, await consoleBytesOnHost(vm.id));
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const t0 = performance.now();
      try {
        await ssh(
          `sudo sh -c 'head -c 100M /dev/zero | base64 > /dev/ttyS0; echo console-end-${stamp} > /dev/ttyS0'`,
          30 * 60_000,
        );
      } finally {
        sampling = false;
        await sampler;
      }
      const seconds = (performance.now() - t0) / 1000;
      log(
        `guest wrote 100 MB (base64: ${(100 * 4) / 3} MiB) to ttyS0 in ${seconds.toFixed(1)} s; most console bytes on the host at once: ${maxOnHost}`,
      );
      // console.log and console.1.log, each at most the cap (no previous boot yet).
      expect(maxOnHost).toBeLessThanOrEqual(2 * consoleFileCapBytes);
      expect(maxOnHost).toBeGreaterThan(consoleFileCapBytes / 2);

      await expect
        .poll(async () => (await json<Console>(consoleOf(owner))).output, { timeout: 30_000 })
        .toContain(`console-end-${stamp}`);
      const recent = await json<Console>(consoleOf(owner));
      expect(recent.bytes).toBe(64 * 1024);
      expect(recent.output).not.toContain(`console-start-${stamp}`);
      expect(recent.output).toMatch(/AAAAAAAA/);
      const most = await json<Console>(consoleOf(owner, "?bytes=1048576"));
      expect(most.bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(await consoleBytesOnHost(vm.id)).toBeLessThanOrEqual(2 * consoleFileCapBytes);

      // Someone else's session sees no such VM; no session is refused before anything.
      const other = await consoleOf(await signIn());
      expect([other.status, (await json<{ error: { code: string } }>(other)).error.code]).toEqual([
        404,
        "VM_NOT_FOUND",
      ]);
      expect((await consoleOf({})).status).toBe(401);

      const destroyed = await fetch(url(`/vms/${vm.id}`), { method: "DELETE", headers: owner });
      expect(destroyed.status).toBe(200);
      await expect.poll(() => qemuPidsOf(vm.id), { timeout: 30_000 }).toEqual([]);
      vmId = undefined;
    },
    40 * 60_000,
  );
});
