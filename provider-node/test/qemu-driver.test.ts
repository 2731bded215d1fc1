import { execFile } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pRetry from "p-retry";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { defaultCacheDir, ensureBaseImage } from "../src/image/ensure-base-image.ts";
import type { DriverProbe, VmSpec } from "../src/vm/driver.ts";
import { parseVmId } from "../src/vm/driver.ts";
import { createQemuDriver, type QemuDriver } from "../src/vm/qemu/qemu-driver.ts";
import { isQemuAlive } from "../src/vm/qemu/qemu-process.ts";
import { registerDriverConformance } from "./driver-conformance.ts";

// A real VM under QEMU (TCG here: nested KVM does not work on these machines). It boots
// twice (create, then start after stop); every assertion reuses that one VM.
const run = promisify(execFile);
const log = (line: string) => console.log(`[qemu-test] ${line}`);
const required = process.env.CI === "true";
const cacheDir = process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir();
const stateDir = await mkdtemp(join(tmpdir(), "golem-vm-"));
const keyPath = join(stateDir, "id_ed25519");
await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "qemu-test", "-f", keyPath]);

let driver: QemuDriver | undefined;
let probe: DriverProbe;
try {
  const image = await ensureBaseImage({ cacheDir, log });
  driver = createQemuDriver({ stateDir, image, log });
  probe = await driver.probe();
} catch (error) {
  probe = { usable: false, reason: `no base image: ${(error as Error).message}`, details: {} };
}
log(`probe: ${JSON.stringify(probe)}`);

const spec: VmSpec = {
  id: parseVmId("qemu-test-1"),
  cpu: 2,
  memoryMiB: 1024,
  storageGiB: 4,
  sshPublicKey: await readFile(`${keyPath}.pub`, "utf8"),
  // The requestor's cloud-config is merged with the node's: this file must appear, and the
  // login user must still work.
  cloudInit: "#cloud-config\nwrite_files:\n  - path: /etc/golem-test\n    content: merged\n",
  sshHostPort: await freePort(),
};

/** Runs a command in the guest over real OpenSSH as the `golem` user. */
const ssh = (command: string) =>
  pRetry(
    async () =>
      (
        await run(
          "ssh",
          [
            ...["-i", keyPath, "-p", String(spec.sshHostPort)],
            ...[
              "-o",
              "StrictHostKeyChecking=no",
              "-o",
              "UserKnownHostsFile=/dev/null",
              "-o",
              "BatchMode=yes",
            ],
            ...["-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR"],
            "golem@127.0.0.1",
            command,
          ],
          { timeout: 120_000 },
        )
      ).stdout,
    { retries: 5, factor: 1, minTimeout: 3000 },
  );

/** Field 6 of /proc/PID/stat: the session id. */
const sessionOf = async (pid: number | "self") => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[3]);
};

const marker = `written-before-stop-${Date.now()}`;
const pids: number[] = [];

afterAll(async () => {
  await driver?.destroy(spec.id).catch(() => {});
  await rm(stateDir, { recursive: true, force: true });
});

// A skipped file runs no hooks, so do not leave the key behind when there is nothing to run.
if (!probe.usable) await rm(stateDir, { recursive: true, force: true });

describe("qemu driver on a real VM", () => {
  if (!driver || !probe.usable) {
    // Registers one failing test with the reason in CI, a skipped suite with the reason elsewhere.
    registerDriverConformance({
      driver: driver ?? createQemuDriver({ stateDir, image: { qcow2Path: "" } }),
      probe,
      required,
      spec,
    });
    return;
  }
  const qemu = driver;
  registerDriverConformance({
    driver: qemu,
    probe,
    required,
    spec,
    sshBanner: { timeoutMs: 300_000 },
    log,
    onPhase: async (phase, status) => {
      if (phase === "created") {
        pids.push(status.pid as number);
        expect(status.sshEndpoint).toEqual({ host: "127.0.0.1", port: spec.sshHostPort });
        const [nproc, header, size] = (await ssh("nproc; df -BG --output=size /"))
          .trim()
          .split(/\s+/);
        expect(nproc).toBe("2");
        expect(header).toBe("1G-blocks");
        // cloud-init grew the 3 GiB base file system to the 4 GiB overlay (ext4 keeps a little).
        expect(Number.parseInt(size ?? "", 10)).toBeGreaterThanOrEqual(spec.storageGiB - 1);
        expect(Number.parseInt(size ?? "", 10)).toBeLessThanOrEqual(spec.storageGiB);
        expect(await ssh("sudo -n id -u; cat /etc/golem-test")).toBe("0\nmerged");
        // A restarted node (a new driver over the same state) re-adopts the running VM.
        const restarted = createQemuDriver({ stateDir, image: { qcow2Path: "" } });
        expect(await restarted.list()).toEqual([
          expect.objectContaining({ id: spec.id, state: "running", pid: status.pid }),
        ]);
        // QEMU runs in its own session: the node (and its process group) can exit without it.
        expect(await sessionOf(status.pid as number)).not.toBe(await sessionOf("self"));
      }
      if (phase === "before-stop") {
        await ssh(`echo ${marker} > ~/persist.txt && sync`);
      }
      if (phase === "restarted") {
        expect((await ssh("cat ~/persist.txt")).trim()).toBe(marker);
        expect(status.pid).not.toBe(pids[0]);
        pids.push(status.pid as number);
      }
    },
  });

  it("left no process and no files behind after destroy", async () => {
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await isQemuAlive(pid, qemu.files(spec.id).pidFile)).toBe(false);
    await expect(access(qemu.files(spec.id).dir)).rejects.toThrow(/ENOENT/);
  });
});
