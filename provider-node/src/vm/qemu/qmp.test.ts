import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pRetry from "p-retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVmError } from "../vm-error.ts";
import { connectQmp, type QmpEvent, type QmpStatus } from "./qmp.ts";

// A real QEMU with no disks: the firmware runs and finds nothing to boot, which is all QMP needs.
describe("connectQmp against a real QEMU", () => {
  let dir: string;
  let qemu: ChildProcess;
  let socketPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golem-qmp-"));
    socketPath = join(dir, "qmp.sock");
    qemu = spawn(
      "qemu-system-x86_64",
      [
        "-accel",
        "tcg",
        "-nodefaults",
        "-display",
        "none",
        "-m",
        "64M",
        "-qmp",
        `unix:${socketPath},server=on,wait=off`,
      ],
      { stdio: "ignore" },
    );
    await pRetry(() => access(socketPath), { retries: 50, factor: 1, minTimeout: 100 });
  });
  afterAll(async () => {
    if (qemu.exitCode === null) qemu.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the greeting, queries status and reports QMP errors", async () => {
    const qmp = await connectQmp(socketPath);
    expect(qmp.version.major).toBeGreaterThanOrEqual(7);
    const status = await qmp.execute<QmpStatus>("query-status");
    expect(status).toMatchObject({ running: true, status: "running" });
    const error = await qmp.execute("no-such-command").catch((e: unknown) => e);
    expect(isVmError(error, "QMP_ERROR")).toBe(true);
    expect((error as { details: { class: string } }).details.class).toBe("CommandNotFound");
    qmp.close();
    await qmp.closed;
  });

  it("sends system_powerdown and receives the POWERDOWN event", async () => {
    const qmp = await connectQmp(socketPath);
    const event = once(qmp.events, "event") as Promise<[QmpEvent]>;
    expect(await qmp.execute("system_powerdown")).toEqual({});
    const [received] = await event;
    expect(received.event).toBe("POWERDOWN");
    qmp.close();
  });

  it("quits QEMU", async () => {
    const qmp = await connectQmp(socketPath);
    const exited = once(qemu, "exit");
    await qmp.execute("quit");
    await qmp.closed;
    await exited;
    expect(qemu.exitCode).toBe(0);
  });

  it("fails with QMP_ERROR when nothing listens", async () => {
    const error = await connectQmp(join(dir, "missing.sock"), { timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(isVmError(error, "QMP_ERROR")).toBe(true);
  });
});
