// A node that dies in the middle of creating a REAL QEMU VM (TCG here): the QEMU process is
// already started but the VM is not running yet. The next start's recovery must kill that
// QEMU and leave no VM directory, disk, port reservation, forward or journal entry behind.
// The per-step matrix runs on the fake driver (src/service/recover-vms.test.ts); this is the
// real-hypervisor case. Fails with the reason when QEMU or the base image is missing.
import { access, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { freePortRange } from "../../scripts/lib/free-port.ts";
import { defaultCacheDir, ensureBaseImage } from "../src/image/ensure-base-image.ts";
import type { CreateCheckpoint } from "../src/service/service-context.ts";
import { createVmService } from "../src/service/vm-service.ts";
import { openDatabase } from "../src/state/open-database.ts";
import { createQemuDriver, type QemuDriver } from "../src/vm/qemu/qemu-driver.ts";
import { qemuPidsOf } from "./support/qemu-pids.ts";
import { testHost, testPolicy, vmRequest } from "./support/service-harness.ts";

const log = (line: string) => console.log(`[qemu-crash] ${line}`);
// Short: the QMP socket path must fit in 107 bytes.
const dir = await mkdtemp(join(tmpdir(), "gqc-"));
let driver: QemuDriver | undefined;
let unusable: string | undefined;
try {
  const image = await ensureBaseImage({
    cacheDir: process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir(),
    log,
  });
  driver = createQemuDriver({ stateDir: join(dir, "vms"), image, log });
  const probe = await driver.probe();
  if (!probe.usable) unusable = probe.reason;
} catch (error) {
  unusable = `no base image: ${(error as Error).message}`;
}
const leftovers: string[] = [];

afterAll(async () => {
  for (const id of leftovers) for (const pid of await qemuPidsOf(id)) process.kill(pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("crash during a real QEMU create, then recovery", () => {
  const points: CreateCheckpoint[] = ["after-driver-create", "before-mark-starting"];
  test.each(points)(
    "a crash at %s leaves no QEMU, directory, port or journal entry",
    async (point) => {
      expect(unusable, "QEMU and its base image are required for this test").toBeUndefined();
      const qemu = driver as QemuDriver;
      const dbPath = join(dir, `${point}.db`);
      const publicStart = await freePortRange(3);
      const hostStart = await freePortRange(3, [publicStart]);
      const serviceOver = (hooks = {}) => {
        const db = openDatabase(dbPath);
        const service = createVmService({
          db,
          driver: qemu,
          ssh: {
            bindHost: "127.0.0.1",
            publicRange: { start: publicStart, end: publicStart + 3 },
            hostRange: { start: hostStart, end: hostStart + 3 },
            bannerTimeoutMs: 600_000,
          },
          hostResources: async () => testHost,
          policy: { ...testPolicy, minStorageGib: 4 },
          hooks,
          log,
        });
        return { db, service };
      };

      let reached: (id: string) => void = () => {};
      const frozen = new Promise<string>((resolve) => {
        reached = resolve;
      });
      const crashed = serviceOver({
        checkpoint: (id: string, at: CreateCheckpoint) => {
          if (at !== point) return;
          reached(id);
          return new Promise(() => {}); // the node dies here: nothing after it runs
        },
      });
      void crashed.service.createVm("0x1111111111111111111111111111111111111111", {
        ...vmRequest(),
        storageGib: 4,
      });
      const id = await frozen;
      leftovers.push(id);
      // The QEMU process runs and its directory exists: the VM is half made.
      expect(await qemuPidsOf(id)).toHaveLength(1);
      await access(qemu.files(id as never).dir);
      // The crash: the node's forwards die with it, its database handle goes away.
      await crashed.service.forwards.closeAll();
      crashed.db.close();

      const restarted = serviceOver();
      const report = await restarted.service.recover();
      expect(report).toMatchObject({ rolledBack: [id], problems: [] });
      await expect.poll(() => qemuPidsOf(id)).toEqual([]);
      expect(await readdir(join(dir, "vms"))).toEqual([]);
      expect(restarted.service.listVms()).toEqual([]);
      expect(restarted.service.allocatedPorts()).toEqual([]);
      expect(restarted.service.forwards.vmIds()).toEqual([]);
      expect(restarted.db.prepare("SELECT count(*) AS n FROM create_steps").get()).toEqual({
        n: 0,
      });
      expect(await qemu.list()).toEqual([]);
      await restarted.service.close();
      restarted.db.close();
    },
  );
});
