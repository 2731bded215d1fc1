import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseVmId, type VmSpec } from "../src/vm/driver.ts";
import { createMultipassDriver } from "../src/vm/multipass/multipass-driver.ts";
import { registerDriverConformance } from "./driver-conformance.ts";

// Multipass ships as a snap and cannot be installed here, so this runs the driver against a
// stand-in CLI that prints Multipass's documented JSON. It stays a stand-in test until the
// driver has run against a real Multipass.
const dir = await mkdtemp(join(tmpdir(), "golem-multipass-"));
const statePath = join(dir, "state.json");
const executable = join(dir, "multipass");
const standIn = fileURLToPath(new URL("./fixtures/multipass-stand-in.ts", import.meta.url));
await writeFile(executable, `#!/bin/sh\nexec "${process.execPath}" "${standIn}" "$@"\n`);
await chmod(executable, 0o755);

const driver = createMultipassDriver({ executable, env: { MULTIPASS_STAND_IN_STATE: statePath } });
const probe = await driver.probe();
const spec: VmSpec = {
  id: parseVmId("mp-1"),
  cpu: 2,
  memoryMiB: 1024,
  storageGiB: 8,
  sshPublicKey:
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000 me@laptop",
  cloudInit: "#cloud-config\npackages: [htop]\n",
  sshHostPort: 50800,
};
const readState = async () =>
  JSON.parse(await readFile(statePath, "utf8")) as {
    instances: Record<string, { cpus: string; memory: string; disk: string; userData: string }>;
    calls: string[][];
  };

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("multipass driver against a stand-in CLI (Multipass cannot run here)", () => {
  registerDriverConformance({
    driver,
    probe,
    required: true,
    spec,
    onPhase: async (phase, status) => {
      if (phase !== "created") return;
      // Multipass gives the VM its own address; the node forwards its public port to <ipv4>:22.
      expect(status.sshEndpoint).toEqual({ host: "10.218.69.2", port: 22 });
      const launched = (await readState()).instances["golem-mp-1"];
      expect(launched).toMatchObject({ cpus: "2", memory: "1024M", disk: "8G" });
      const userData = parse(launched?.userData ?? "");
      expect(userData.users[0]).toMatchObject({
        name: "golem",
        ssh_authorized_keys: [spec.sshPublicKey],
      });
      expect(userData.packages).toEqual(["htop"]);
    },
  });

  it("launches with the documented flags and cloud-init on stdin", async () => {
    const launch = (await readState()).calls.find((c) => c[0] === "launch");
    expect(launch).toMatchInlineSnapshot(`
      [
        "launch",
        "--name",
        "golem-mp-1",
        "--cpus",
        "2",
        "--memory",
        "1024M",
        "--disk",
        "8G",
        "--timeout",
        "600",
        "--cloud-init",
        "-",
      ]
    `);
  });

  it("reports a missing daemon as the reason it cannot run", async () => {
    const noDaemon = join(dir, "multipass-no-daemon");
    await writeFile(noDaemon, `#!/bin/sh\necho '{"multipass": "1.14.1"}'\n`);
    await chmod(noDaemon, 0o755);
    expect(await createMultipassDriver({ executable: noDaemon }).probe()).toMatchObject({
      usable: false,
      reason: "the multipass daemon (multipassd) does not answer",
    });
    expect(
      (await createMultipassDriver({ executable: join(dir, "absent") }).probe()).reason,
    ).toMatch(/not installed/);
  });

  it("a stop with a graceful timeout forces off a guest that ignores the shutdown request", async () => {
    await writeFile(
      statePath,
      JSON.stringify({
        calls: [],
        instances: {
          "golem-stubborn": {
            state: "Running",
            cpus: "1",
            memory: "1G",
            disk: "5G",
            image: "24.04",
            ipv4: "10.0.0.7",
            userData: "",
          },
        },
      }),
    );
    const stubborn = createMultipassDriver({
      executable,
      env: { MULTIPASS_STAND_IN_STATE: statePath, MULTIPASS_STAND_IN_IGNORES_SHUTDOWN: "1" },
    });
    const started = performance.now();
    const status = await stubborn.stop(parseVmId("stubborn"), { gracefulTimeoutMs: 1500 });
    expect(status.state).toBe("stopped");
    expect(performance.now() - started).toBeLessThan(15_000);
    const stops = (await readState()).calls.filter((c) => c[0] === "stop");
    expect(stops).toEqual([
      ["stop", "golem-stubborn"],
      ["stop", "--force", "golem-stubborn"],
    ]);
  });

  it("lists only the instances it named", async () => {
    await writeFile(
      statePath,
      JSON.stringify({
        calls: [],
        instances: {
          "someone-elses": {
            state: "Running",
            cpus: "1",
            memory: "1G",
            disk: "5G",
            image: "24.04",
            ipv4: "10.0.0.9",
            userData: "",
          },
        },
      }),
    );
    expect(await driver.list()).toEqual([]);
  });
});
