import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "../../src/daemon/pid-file.ts";
import type { VmDriver, VmId, VmSpec, VmStatus } from "../../src/vm/driver.ts";
import { sampleProcessUsage } from "../../src/vm/process-usage.ts";
import { VmError } from "../../src/vm/vm-error.ts";

type GuestRecord = { spec: VmSpec; pid: number | null };

/**
 * A TEST-ONLY fake VM driver whose guests are detached processes (`fake-guest.ts`) that
 * answer SSH banners, with state in files under `stateDir`, so the VMs outlive a node
 * killed with SIGKILL just as QEMU guests do. The CLI selects it only when the test sets
 * `GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR`.
 *
 * @example const driver = createFakeProcessDriver(join(tmp, "fake-vms"));
 */
export function createFakeProcessDriver(stateDir: string): VmDriver {
  const file = (id: string) => join(stateDir, `${id}.json`);
  const read = async (id: string): Promise<GuestRecord | undefined> => {
    try {
      return JSON.parse(await readFile(file(id), "utf8")) as GuestRecord;
    } catch {
      return undefined;
    }
  };
  const write = (record: GuestRecord) => writeFile(file(record.spec.id), JSON.stringify(record));
  const alive = (record: GuestRecord) => record.pid !== null && isProcessAlive(record.pid);
  const statusOf = (id: string, record: GuestRecord | undefined): VmStatus =>
    record === undefined
      ? { id: id as VmId, state: "missing" }
      : {
          id: id as VmId,
          state: alive(record) ? "running" : "stopped",
          ...(record.pid !== null && alive(record) ? { pid: record.pid } : {}),
          sshEndpoint: { host: "127.0.0.1", port: record.spec.sshHostPort },
        };

  const boot = async (record: GuestRecord) => {
    const guest = spawn(
      process.execPath,
      [
        join(import.meta.dirname, "fake-guest.ts"),
        String(record.spec.sshHostPort),
        ...(record.spec.publishedPorts ?? []).map((p) => `${p.hostPort}:${p.guestPort}`),
      ],
      {
        detached: true,
        stdio: "ignore",
      },
    );
    guest.unref();
    record.pid = guest.pid ?? null;
    await write(record);
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(record.spec.sshHostPort, "127.0.0.1", () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
      if (up) return;
      await sleep(50);
    }
    throw new VmError("VM_START_FAILED", `fake guest ${record.spec.id} did not listen`);
  };

  const halt = async (record: GuestRecord) => {
    if (record.pid !== null && alive(record)) {
      process.kill(record.pid, "SIGTERM");
      for (let i = 0; i < 100 && alive(record); i++) await sleep(50);
    }
    record.pid = null;
  };

  const mustRead = async (id: string) => {
    const record = await read(id);
    if (!record) throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`);
    return record;
  };

  return {
    name: "fake",
    probe: async () => ({ usable: true, reason: "test-only fake driver", details: { fake: true } }),
    async create(spec) {
      await mkdir(stateDir, { recursive: true });
      if (await read(spec.id)) throw new VmError("VM_ALREADY_EXISTS", `VM ${spec.id} exists`);
      const record: GuestRecord = { spec, pid: null };
      await boot(record);
      return statusOf(spec.id, record);
    },
    async start(id) {
      const record = await mustRead(id);
      if (!alive(record)) await boot(record);
      return statusOf(id, record);
    },
    async stop(id) {
      const record = await mustRead(id);
      await halt(record);
      await write(record);
      return statusOf(id, record);
    },
    async destroy(id) {
      const record = await read(id);
      if (!record) return;
      await halt(record);
      await rm(file(id), { force: true });
    },
    inspect: async (id) => statusOf(id, await read(id)),
    async stats(id) {
      const record = await mustRead(id);
      if (!alive(record) || record.pid === null) {
        throw new VmError("VM_NOT_RUNNING", `VM ${id} does not run`);
      }
      // The guest process's real CPU and memory, measured on the host like a QEMU's.
      const usage = await sampleProcessUsage(record.pid, 100);
      return {
        cpu: {
          count: record.spec.cpu,
          usagePercent: Math.min(100, Math.round((usage.cpusBusy / record.spec.cpu) * 1000) / 10),
          timeSeconds: usage.cpuSeconds,
        },
        memory: {
          totalMiB: record.spec.memoryMiB,
          usedMiB: Math.round(usage.rssBytes / 1024 ** 2),
        },
        disk: {
          totalGiB: record.spec.storageGiB,
          usedBytes: (await stat(file(id))).size,
          readBytes: null,
          writeBytes: null,
        },
        sampleWindowMs: usage.windowMs,
      };
    },
    async list() {
      const names = await readdir(stateDir).catch(() => [] as string[]);
      const ids = names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
      return Promise.all(ids.map(async (id) => statusOf(id, await read(id))));
    },
  };
}

/** Kills every guest a fake process driver started under `stateDir` (test cleanup). */
export async function killFakeGuests(stateDir: string): Promise<void> {
  const driver = createFakeProcessDriver(stateDir);
  for (const status of await driver.list()) await driver.destroy(status.id);
}
