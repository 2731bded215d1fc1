import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { DriverProbe, VmDriver, VmId, VmSpec, VmStatus } from "../../src/vm/driver.ts";
import { VmError } from "../../src/vm/vm-error.ts";

/** A driver method the fake can be told to fail. */
export type FakeDriverMethod =
  | "create"
  | "start"
  | "stop"
  | "destroy"
  | "inspect"
  | "list"
  | "stats";

/** Host bytes a fresh qcow2 overlay takes; the fake's "disk" starts there. */
const freshOverlayBytes = 196_608;

/** Options of {@link createFakeDriver}. */
export type CreateFakeDriverOptions = {
  /** What `probe()` answers (default usable). */
  probe?: DriverProbe;
  /** Whether guests answer SSH with a banner (default true). */
  banner?: boolean;
  /**
   * Report no SSH address (host "") until this many inspects after each create or start,
   * like Multipass while the guest's DHCP runs (default 0).
   */
  addressAfterInspects?: number;
};

type FakeVm = {
  spec: VmSpec;
  state: "running" | "stopped";
  server?: Server | undefined;
  /** One server per published port, on its host port: answers `guest port <n>` and closes. */
  published: Server[];
  sockets: Set<Socket>;
  /** Inspects left until the driver reports the guest's address. */
  addressIn: number;
  /** Bytes clients sent to the guest (its stats count them as disk writes). */
  received: number;
  /** TEST-ONLY: the guest ignores ACPI, so a graceful stop waits out its whole timeout. */
  ignoresAcpi?: boolean;
};

/** How long a graceful stop waits for a guest by default, as the QEMU driver's default (ms). */
const defaultGracefulTimeoutMs = 90_000;

/**
 * An in-memory fake VM driver for tests of the node around the drivers (the real drivers
 * are tested by the VM conformance suite). A "running" guest is a TCP server on its
 * `sshHostPort` that sends an SSH banner and echoes, so forwards and banner checks run
 * against real sockets; each published port's `hostPort` answers `guest port <n>` (what a
 * service in the guest would, through the driver's host forward). Keep one instance across a simulated node crash: it plays the
 * hypervisor, whose VMs outlive the node.
 *
 * @example
 * const driver = createFakeDriver();
 * driver.failNext("create", new VmError("VM_START_FAILED", "no memory"));
 */
export function createFakeDriver(options: CreateFakeDriverOptions = {}) {
  const vms = new Map<string, FakeVm>();
  const failures = new Map<FakeDriverMethod, Error[]>();
  const calls: Array<{ method: FakeDriverMethod; id?: string }> = [];
  let bannerOn = options.banner ?? true;
  // Ends the waits of guests that ignore ACPI when the test shuts the fake down.
  const shutdown = new AbortController();

  const maybeFail = (method: FakeDriverMethod, id?: string) => {
    calls.push(id === undefined ? { method } : { method, id });
    const queued = failures.get(method);
    const error = queued?.shift();
    if (error) throw error;
  };

  const statusOf = (id: string): VmStatus => {
    const vm = vms.get(id);
    if (!vm) return { id: id as VmId, state: "missing" };
    return {
      id: id as VmId,
      state: vm.state,
      sshEndpoint: { host: vm.addressIn > 0 ? "" : "127.0.0.1", port: vm.spec.sshHostPort },
    };
  };

  const boot = async (vm: FakeVm) => {
    const server = createServer((socket) => {
      vm.sockets.add(socket);
      socket.on("close", () => vm.sockets.delete(socket));
      socket.on("error", () => {});
      socket.on("data", (chunk: Buffer) => {
        vm.received += chunk.length;
      });
      if (bannerOn) socket.write("SSH-2.0-FakeDriver_1.0\r\n");
      socket.pipe(socket);
    });
    server.listen(vm.spec.sshHostPort, "127.0.0.1");
    await once(server, "listening");
    vm.server = server;
    for (const { guestPort, hostPort } of vm.spec.publishedPorts ?? []) {
      const service = createServer((socket) => {
        socket.on("error", () => {});
        socket.end(`guest port ${guestPort}\n`);
      });
      service.listen(hostPort, "127.0.0.1");
      await once(service, "listening");
      vm.published.push(service);
    }
    vm.state = "running";
    vm.addressIn = options.addressAfterInspects ?? 0;
  };

  const halt = async (vm: FakeVm) => {
    const server = vm.server;
    vm.server = undefined;
    vm.state = "stopped";
    for (const service of vm.published.splice(0)) {
      service.close();
      await once(service, "close");
    }
    if (server) {
      server.close();
      for (const socket of vm.sockets) socket.destroy();
      await once(server, "close");
    }
  };

  const mustGet = (id: string): FakeVm => {
    const vm = vms.get(id);
    if (!vm) throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`);
    return vm;
  };

  const driver: VmDriver = {
    name: "fake",
    probe: async () => options.probe ?? { usable: true, details: { fake: true } },
    async create(spec) {
      maybeFail("create", spec.id);
      if (vms.has(spec.id)) throw new VmError("VM_ALREADY_EXISTS", `VM ${spec.id} exists`);
      const vm: FakeVm = {
        spec,
        state: "stopped",
        published: [],
        sockets: new Set(),
        addressIn: 0,
        received: 0,
      };
      vms.set(spec.id, vm);
      await boot(vm);
      return statusOf(spec.id);
    },
    async start(id) {
      maybeFail("start", id);
      const vm = mustGet(id);
      if (vm.state === "stopped") await boot(vm);
      return statusOf(id);
    },
    async stop(id, stopOptions = {}) {
      maybeFail("stop", id);
      const vm = mustGet(id);
      if (vm.ignoresAcpi && vm.state === "running") {
        // The power button does nothing; the guest is forced off once the timeout passes.
        const waitMs = stopOptions.gracefulTimeoutMs ?? defaultGracefulTimeoutMs;
        await sleep(waitMs, undefined, { signal: shutdown.signal }).catch(() => {});
      }
      await halt(vm);
      return statusOf(id);
    },
    async destroy(id) {
      maybeFail("destroy", id);
      const vm = vms.get(id);
      if (!vm) return;
      await halt(vm);
      vms.delete(id);
    },
    async inspect(id) {
      maybeFail("inspect", id);
      const vm = vms.get(id);
      if (vm && vm.addressIn > 0) vm.addressIn--;
      return statusOf(id);
    },
    async console(id, maxBytes) {
      // The fake guest's serial console: one boot line per VM, its tail as asked.
      const vm = mustGet(id);
      const text = Buffer.from(
        `[    0.000000] Linux version 6.1 (fake guest ${vm.spec.id})\nlogin: \u001b[2J`,
      );
      return text.subarray(Math.max(0, text.length - maxBytes));
    },
    async stats(id) {
      maybeFail("stats", id);
      const vm = mustGet(id);
      if (vm.state !== "running") throw new VmError("VM_NOT_RUNNING", `VM ${id} does not run`);
      // Real-ish: the test process's own CPU and memory stand in for the guest's, and what
      // clients sent to the echo guest counts as written to disk.
      const windowMs = 50;
      const before = process.cpuUsage();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const used = process.cpuUsage(before);
      const busy = (used.user + used.system) / 1000 / windowMs;
      const totalMiB = vm.spec.memoryMiB;
      return {
        cpu: {
          count: vm.spec.cpu,
          usagePercent: Math.min(100, Math.round((busy / vm.spec.cpu) * 1000) / 10),
          timeSeconds: process.cpuUsage().user / 1e6,
        },
        memory: {
          totalMiB,
          usedMiB: Math.min(totalMiB, Math.round(process.memoryUsage().rss / 1024 ** 2)),
        },
        disk: {
          totalGiB: vm.spec.storageGiB,
          usedBytes: freshOverlayBytes + vm.received,
          readBytes: 0,
          writeBytes: vm.received,
        },
        sampleWindowMs: windowMs,
      };
    },
    async list() {
      maybeFail("list");
      return [...vms.keys()].map(statusOf);
    },
  };

  return {
    ...driver,
    /** Makes the next call of `method` throw `error` (queued; one error per call). */
    failNext(
      method: FakeDriverMethod,
      error: Error = new VmError("DRIVER_COMMAND_FAILED", `fake ${method} failed`),
    ) {
      const queued = failures.get(method) ?? [];
      queued.push(error);
      failures.set(method, queued);
    },
    /** Turns guests' SSH banners on or off (off: the port accepts but never says SSH-). */
    setBanner(on: boolean) {
      bannerOn = on;
    },
    /**
     * TEST-ONLY: the guest of `id` ignores ACPI, so each graceful stop holds for its whole
     * timeout (the caller's `gracefulTimeoutMs`, else 90 s as QEMU's default) before the
     * guest is forced off.
     */
    ignoreAcpi(id: string) {
      mustGet(id).ignoresAcpi = true;
    },
    /** Stops a guest behind the node's back (as if it powered off). */
    async powerOff(id: string) {
      await halt(mustGet(id));
    },
    /** Creates a VM the node does not know (an orphan). */
    async adoptOrphan(spec: VmSpec) {
      const vm: FakeVm = {
        spec,
        state: "stopped",
        published: [],
        sockets: new Set(),
        addressIn: 0,
        received: 0,
      };
      vms.set(spec.id, vm);
      await boot(vm);
    },
    /** The spec VM `id` was created with (what the driver was given). */
    specOf: (id: string) => mustGet(id).spec,
    /** Ids and states of the fake's VMs. */
    states: () => Object.fromEntries([...vms].map(([id, vm]) => [id, vm.state])),
    /** Every call made so far. */
    calls,
    /** Stops every guest server (end of a test). */
    async shutdown() {
      shutdown.abort();
      for (const vm of vms.values()) await halt(vm);
      vms.clear();
    },
  };
}

/** The fake returned by {@link createFakeDriver}. */
export type FakeDriver = ReturnType<typeof createFakeDriver>;
