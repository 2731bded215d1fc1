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
import { createHostKeyStore } from "../src/vm/host-keys.ts";
import { createQemuDriver, type QemuDriver } from "../src/vm/qemu/qemu-driver.ts";
import { isQemuAlive } from "../src/vm/qemu/qemu-process.ts";
import type { QemuVmRecord } from "../src/vm/qemu/qemu-vm-store.ts";
import { ensureVmSnapshot } from "../src/vm/snapshot/ensure-vm-snapshot.ts";
import { registerDriverConformance } from "./driver-conformance.ts";

// The QEMU driver with vms.snapshots on, on real QEMU (TCG here): the VM is restored from a
// saved machine of its shape (saved first, in the shared cache) and passes the same conformance
// suite as a cold one: resources, stop/start keeping files (the restart is a cold boot of the
// restored disk), destroy leaving nothing.
const run = promisify(execFile);
const log = (line: string) => console.log(`[qemu-restored] ${line}`);
const required = process.env.CI === "true";
const cacheDir = process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir();
const stateDir = await mkdtemp(join(tmpdir(), "golem-vmr-"));
const keyPath = join(stateDir, "id_ed25519");
await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "qemu-restored", "-f", keyPath]);

// The VM's own host keys, made by the node's key store as for any VM: the agent must give the
// restored guest exactly these (the ones its owner pins), not keys of its own.
const hostKeyStore = createHostKeyStore({ dir: join(stateDir, "host-keys") });
const vmId = parseVmId("qemu-restored-1");
const pinned = await hostKeyStore.generate(vmId);
const spec: VmSpec = {
  id: vmId,
  sshHostKeys: await hostKeyStore.privateKeys(vmId),
  cpu: 2,
  memoryMiB: 1024,
  storageGiB: 4,
  sshPublicKey: await readFile(`${keyPath}.pub`, "utf8"),
  sshHostPort: await freePort(),
};

let driver: QemuDriver | undefined;
let probe: DriverProbe;
try {
  const image = await ensureBaseImage({ cacheDir, log });
  driver = createQemuDriver({
    stateDir,
    image,
    network: "none",
    snapshots: { cacheDir, recipeHash: image.recipeHash },
    log,
  });
  probe = await driver.probe();
  if (probe.usable) {
    await ensureVmSnapshot({
      cacheDir,
      image,
      shape: { cpu: spec.cpu, memoryMiB: spec.memoryMiB },
      accel: await driver.accel(),
      log,
    });
  }
} catch (error) {
  probe = {
    usable: false,
    reason: `no base image or snapshot: ${(error as Error).message}`,
    details: {},
  };
}

const ssh = (command: string) =>
  pRetry(
    async () =>
      (
        await run(
          "ssh",
          [
            ...["-i", keyPath, "-p", String(spec.sshHostPort), "-o", "IdentitiesOnly=yes"],
            ...["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"],
            ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR"],
            "golem@127.0.0.1",
            command,
          ],
          { timeout: 120_000 },
        )
      ).stdout,
    { retries: 5, factor: 1, minTimeout: 3000 },
  );

const marker = `written-before-stop-${Date.now()}`;
const pids: number[] = [];
let identity = "";

afterAll(async () => {
  await driver?.destroy(spec.id).catch(() => {});
  await rm(stateDir, { recursive: true, force: true });
});

describe("qemu driver, VM restored from a snapshot", () => {
  const qemu = driver ?? createQemuDriver({ stateDir, image: { qcow2Path: "" } });
  registerDriverConformance({
    driver: qemu,
    probe,
    required,
    spec,
    sshBanner: { timeoutMs: 300_000 },
    log,
    onPhase: async (phase, status) => {
      const record = JSON.parse(await readFile(qemu.files(spec.id).record, "utf8")) as QemuVmRecord;
      if (phase === "created") {
        pids.push(status.pid as number);
        // Restored, not booted: the record says so.
        expect(record.restored?.snapshotKey).toMatch(/^[0-9a-f]{16}$/);
        const [nproc, header, size] = (await ssh("nproc; df -BG --output=size /"))
          .trim()
          .split(/\s+/);
        expect(nproc).toBe("2");
        expect(header).toBe("1G-blocks");
        // The agent grew the saved 3 GiB file system to the 4 GiB disk.
        expect(Number.parseInt(size ?? "", 10)).toBeGreaterThanOrEqual(spec.storageGiB - 1);
        expect(Number.parseInt(size ?? "", 10)).toBeLessThanOrEqual(spec.storageGiB);
        // The guest offers exactly the key the node made for this VM, and vm.json holds no secret.
        const { stdout: offered } = await run("ssh-keyscan", [
          ...["-p", String(spec.sshHostPort), "-T", "30", "-t", "ed25519,ecdsa,rsa", "127.0.0.1"],
        ]);
        expect(
          offered
            .split("\n")
            .filter((line) => line !== "" && !line.startsWith("#"))
            .map((line) => line.split(" ").slice(1, 3).join(" "))
            .sort(),
        ).toEqual(pinned.map((key) => key.publicKey).sort());
        expect(await readFile(qemu.files(spec.id).record, "utf8")).not.toContain("PRIVATE KEY");
        identity = await ssh("hostname; cat /etc/machine-id /sys/class/net/eth0/address");
        expect(identity.split("\n")[0]).toBe(spec.id);
        expect(identity.split("\n")[2]).toBe(record.restored?.macAddress);
      }
      if (phase === "before-stop") await ssh(`echo ${marker} > ~/persist.txt && sync`);
      if (phase === "restarted") {
        // A cold boot of the restored disk keeps its files and its identity.
        expect((await ssh("cat ~/persist.txt")).trim()).toBe(marker);
        expect(await ssh("hostname; cat /etc/machine-id /sys/class/net/eth0/address")).toBe(
          identity,
        );
        pids.push(status.pid as number);
      }
    },
  });

  it.skipIf(!probe.usable)("left no process and no files behind after destroy", async () => {
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await isQemuAlive(pid, qemu.files(spec.id).pidFile)).toBe(false);
    await expect(access(qemu.files(spec.id).dir)).rejects.toThrow(/ENOENT/);
  });
});
