import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { freePortRange } from "../../../scripts/lib/free-port.ts";
import type { ResourceAmounts } from "../../src/resources/host-resources.ts";
import type { ResourcePolicy } from "../../src/resources/resource-budget.ts";
import type { VmServiceHooks } from "../../src/service/service-context.ts";
import { createVmService, type VmPayments, type VmService } from "../../src/service/vm-service.ts";
import { openDatabase } from "../../src/state/open-database.ts";
import { createHostKeyStore } from "../../src/vm/host-keys.ts";
import { createFakeDriver, type FakeDriver } from "./fake-driver.ts";

/** A policy that fits a handful of small VMs on the test host. */
export const testPolicy: ResourcePolicy = {
  cpuThreshold: 1,
  memoryThreshold: 1,
  storageThreshold: 1,
  maxVms: 5,
  minCpu: 1,
  minMemoryGib: 0.25,
  minStorageGib: 1,
};

/** Resources of an imaginary host, so budgets do not depend on the machine. */
export const testHost: ResourceAmounts = { cpu: 8, memoryMib: 16_384, storageGib: 200 };

/** Options of {@link createServiceHarness}. */
export type ServiceHarnessOptions = {
  driver?: FakeDriver;
  hooks?: VmServiceHooks;
  host?: ResourceAmounts;
  policy?: Partial<ResourcePolicy>;
  /** Size of the public and host port ranges (default 20, at most 25). */
  ports?: number;
  bannerTimeoutMs?: number;
  /** Health check interval (ms); none by default. */
  healthIntervalMs?: number;
  /** Most ports one VM may publish besides SSH (default 4, as the node's config). */
  maxPublishedPorts?: number;
  /** Payment admission over the harness's database (payments enabled); none by default. */
  payments?: (db: DatabaseSync) => VmPayments;
  /** Make and pin each VM's SSH host keys (real ssh-keygen, in `<dir>/host-keys`); off by default. */
  hostKeys?: boolean;
};

/** A VM service over a temp-file database and the fake driver, with ports from a random block. */
export type ServiceHarness = {
  service: VmService;
  driver: FakeDriver;
  db: DatabaseSync;
  dbPath: string;
  dir: string;
  publicRange: { start: number; end: number };
  hostRange: { start: number; end: number };
  /**
   * Kills this node as a crash would: its forwards die with it, nothing else runs (a create
   * frozen at a checkpoint never resumes). The fake driver's VMs live on.
   */
  crash(): Promise<void>;
  /** A new service over the same database file and driver (a restarted node). */
  restart(options?: ServiceHarnessOptions): ServiceHarness;
  /** Closes the service, the fake guests and the temp dir. */
  close(): Promise<void>;
};

/**
 * Builds a {@link VmService} on the fake driver for tests of the node around the drivers.
 *
 * @example const h = await createServiceHarness(); const vm = await h.service.createVm(owner, request);
 */
export async function createServiceHarness(
  options: ServiceHarnessOptions = {},
): Promise<ServiceHarness> {
  const dir = await mkdtemp(join(tmpdir(), "vm-service-"));
  const size = options.ports ?? 20;
  // Random blocks that are free now, so test files running side by side rarely meet.
  const publicStart = await freePortRange(size);
  const hostStart = await freePortRange(size, [publicStart]);
  const publicRange = { start: publicStart, end: publicStart + size };
  const hostRange = { start: hostStart, end: hostStart + size };
  const driver = options.driver ?? createFakeDriver();
  const dbPath = join(dir, "provider.db");
  const closers: Array<() => Promise<void> | void> = [];

  const build = (buildOptions: ServiceHarnessOptions): ServiceHarness => {
    const db = openDatabase(dbPath);
    const service = createVmService({
      db,
      driver,
      ssh: {
        bindHost: "127.0.0.1",
        publicRange,
        hostRange,
        bannerTimeoutMs: buildOptions.bannerTimeoutMs ?? 10_000,
      },
      hostResources: async () => buildOptions.host ?? testHost,
      policy: { ...testPolicy, ...buildOptions.policy },
      ...(buildOptions.hooks ? { hooks: buildOptions.hooks } : {}),
      healthIntervalMs: buildOptions.healthIntervalMs,
      maxPublishedPorts: buildOptions.maxPublishedPorts ?? 4,
      ...(buildOptions.payments ? { payments: buildOptions.payments(db) } : {}),
      ...(buildOptions.hostKeys
        ? { hostKeys: createHostKeyStore({ dir: join(dir, "host-keys") }) }
        : {}),
    });
    const closer = async () => {
      await service.close();
      db.close();
    };
    closers.push(closer);
    return {
      service,
      driver,
      db,
      dbPath,
      dir,
      publicRange,
      hostRange,
      crash: async () => {
        closers.splice(closers.indexOf(closer), 1);
        await service.forwards.closeAll();
        db.close();
      },
      restart: (next = {}) => build({ ...buildOptions, hooks: {}, ...next }),
      close: async () => {
        for (const close of closers.splice(0).reverse()) await close();
        await driver.shutdown();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
  return build(options);
}

/** A request for the smallest test VM. */
export function vmRequest(name = "web") {
  return {
    name,
    cpu: 1,
    memoryGib: 0.5,
    storageGib: 2,
    sshPublicKey: "ssh-ed25519 AAAAC3Nza test@host",
  };
}
