import { afterAll, describe, expect, it } from "vitest";
import type {
  DriverProbe,
  RunningVmStatus,
  VmDriver,
  VmId,
  VmSpec,
  VmStatus,
} from "../src/vm/driver.ts";
import { parseVmId } from "../src/vm/driver.ts";
import { waitForSshBanner } from "../src/vm/ssh-banner.ts";
import { isVmError } from "../src/vm/vm-error.ts";

/** Where in the lifecycle a hook runs. */
export type ConformancePhase = "created" | "before-stop" | "restarted";

/** Options of {@link registerDriverConformance}. */
export type DriverConformanceOptions = {
  driver: VmDriver;
  /** The driver's probe, taken before registering (decides run, skip or fail). */
  probe: DriverProbe;
  /** When true an unusable probe fails the suite with its reason instead of skipping it (CI). */
  required: boolean;
  /** The spec of the one VM the suite boots (and reuses across assertions). */
  spec: VmSpec;
  /** Wait for an SSH banner on the endpoint after create and start (real VMs); default false. */
  sshBanner?: { timeoutMs: number };
  /** Driver-specific assertions on the same VM, so the suite boots it only once per phase. */
  onPhase?: (phase: ConformancePhase, status: RunningVmStatus) => Promise<void>;
  log?: (line: string) => void;
};

/**
 * Registers the tests every {@link VmDriver} must pass, against one VM: create → running,
 * duplicate refused, listed, stop → stopped (disk kept), start → running again, destroy →
 * missing, unknown ids and bad specs refused. Run it for each driver that probes usable.
 */
export function registerDriverConformance(options: DriverConformanceOptions): void {
  const { driver, probe, spec } = options;
  const log = options.log ?? (() => {});
  const title = `${driver.name} driver conformance`;

  if (!probe.usable) {
    if (options.required) {
      describe(title, () => {
        it("probes usable (required here)", () => {
          expect.fail(`the ${driver.name} driver is required here but cannot run: ${probe.reason}`);
        });
      });
    } else {
      describe.skip(`${title} (skipped: ${probe.reason})`, () => {
        it("needs a usable driver", () => {});
      });
    }
    return;
  }

  const expectRunning = async (status: VmStatus, phase: ConformancePhase, started: number) => {
    expect(status.state).toBe("running");
    if (status.state !== "running") return;
    expect(status.id).toBe(spec.id);
    if (options.sshBanner) {
      const { banner } = await waitForSshBanner(status.sshEndpoint.host, status.sshEndpoint.port, {
        timeoutMs: options.sshBanner.timeoutMs,
        onAttempt: ({ attemptNumber, elapsedMs }) => {
          if (attemptNumber % 15 === 0)
            log(`${phase}: waiting for SSH, ${Math.round(elapsedMs / 1000)} s`);
        },
      });
      expect(banner).toMatch(/^SSH-2\.0-/);
      log(
        `${phase}: SSH banner ${Math.round((performance.now() - started) / 1000)} s after the call`,
      );
    }
    await options.onPhase?.(phase, status);
  };

  describe(title, () => {
    afterAll(async () => {
      await driver.destroy(spec.id).catch(() => {});
    });

    it("probes usable", () => {
      expect(probe.usable).toBe(true);
    });

    it("refuses a bad spec before making anything", async () => {
      const bad = { ...spec, cpu: 0 };
      const error = await driver.create(bad).catch((e: unknown) => e);
      expect(isVmError(error, "VM_INVALID_SPEC")).toBe(true);
      expect((await driver.inspect(spec.id)).state).toBe("missing");
    });

    it("create starts the VM and inspect reports it running", async () => {
      const started = performance.now();
      const created = await driver.create(spec);
      expect(created.state).toBe("running");
      const inspected = await driver.inspect(spec.id);
      await expectRunning(inspected, "created", started);
    });

    it("refuses a second VM with the same id", async () => {
      const error = await driver.create(spec).catch((e: unknown) => e);
      expect(isVmError(error, "VM_ALREADY_EXISTS")).toBe(true);
    });

    it("lists the VM", async () => {
      const listed = await driver.list();
      expect(listed.find((s) => s.id === spec.id)?.state).toBe("running");
    });

    it("stats report the running VM's size and usage", async () => {
      expect(driver.stats, `the ${driver.name} driver reports no stats`).toBeDefined();
      const stats = await (driver.stats as NonNullable<VmDriver["stats"]>)(spec.id);
      log(`stats: ${JSON.stringify(stats)}`);
      expect(stats).toMatchObject({
        cpu: { count: spec.cpu },
        memory: { totalMiB: spec.memoryMiB },
        disk: { totalGiB: spec.storageGiB },
      });
      expect(stats.cpu.usagePercent).toBeGreaterThanOrEqual(0);
      expect(stats.cpu.usagePercent).toBeLessThanOrEqual(100);
      expect(stats.memory.usedMiB).toBeGreaterThan(0);
      expect(stats.memory.usedMiB).toBeLessThanOrEqual(spec.memoryMiB * 2);
      expect(stats.disk.usedBytes).toBeGreaterThan(0);
      expect(stats.sampleWindowMs).toBeGreaterThan(0);
    });

    it("stop shuts it down and keeps it", async () => {
      const before = await driver.inspect(spec.id);
      if (before.state === "running") await options.onPhase?.("before-stop", before);
      expect((await driver.stop(spec.id)).state).toBe("stopped");
      expect((await driver.inspect(spec.id)).state).toBe("stopped");
      expect((await driver.stop(spec.id)).state).toBe("stopped");
      expect((await driver.list()).find((s) => s.id === spec.id)?.state).toBe("stopped");
      const error = await driver.stats?.(spec.id).catch((e: unknown) => e);
      expect(isVmError(error, "VM_NOT_RUNNING")).toBe(true);
    });

    it("start brings the same VM back", async () => {
      const started = performance.now();
      expect((await driver.start(spec.id)).state).toBe("running");
      await expectRunning(await driver.inspect(spec.id), "restarted", started);
      expect((await driver.start(spec.id)).state).toBe("running");
    });

    it("destroy removes it, and destroying again is a no-op", async () => {
      await driver.destroy(spec.id);
      expect((await driver.inspect(spec.id)).state).toBe("missing");
      expect((await driver.list()).some((s) => s.id === spec.id)).toBe(false);
      await driver.destroy(spec.id);
    });

    it("answers for unknown ids: inspect says missing, start and stop fail with VM_NOT_FOUND", async () => {
      const unknown: VmId = parseVmId(`${spec.id}-nope`.slice(0, 48));
      expect(await driver.inspect(unknown)).toEqual({ id: unknown, state: "missing" });
      for (const op of [driver.start, driver.stop]) {
        const error = await op.call(driver, unknown).catch((e: unknown) => e);
        expect(isVmError(error, "VM_NOT_FOUND")).toBe(true);
      }
      const error = await driver.stats?.(unknown).catch((e: unknown) => e);
      expect(isVmError(error, "VM_NOT_FOUND")).toBe(true);
    });
  });
}
