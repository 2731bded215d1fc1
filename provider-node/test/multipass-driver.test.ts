import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createVmService } from "../src/service/vm-service.ts";
import { openDatabase } from "../src/state/open-database.ts";
import { parseVmId, type VmSpec } from "../src/vm/driver.ts";
import { createMultipassDriver } from "../src/vm/multipass/multipass-driver.ts";
import { registerDriverConformance } from "./driver-conformance.ts";
import { testPolicy } from "./support/service-harness.ts";

// Multipass ships as a snap and cannot be installed here, so this runs the driver against a
// stand-in CLI that prints Multipass's documented JSON. It stays a stand-in test until the
// driver has run against a real Multipass.
const dir = await mkdtemp(join(tmpdir(), "golem-multipass-"));
const statePath = join(dir, "state.json");
const executable = join(dir, "multipass");
const standIn = fileURLToPath(new URL("./fixtures/multipass-stand-in.ts", import.meta.url));
await writeFile(executable, `#!/bin/sh\nexec "${process.execPath}" "${standIn}" "$@"\n`);
await chmod(executable, 0o755);

const driver = createMultipassDriver({
  executable,
  env: { MULTIPASS_STAND_IN_STATE: statePath },
  nodeId: "0a1b2c3d",
});
const probe = await driver.probe();
const spec: VmSpec = {
  id: parseVmId("mp-1"),
  cpu: 2,
  memoryMiB: 1024,
  storageGiB: 8,
  sshPublicKey:
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000 me@laptop",
  cloudInit: "#cloud-config\npackages: [htop]\n",
  sshHostKeys: [
    {
      type: "ed25519",
      privateKey:
        "-----BEGIN OPENSSH PRIVATE KEY-----\nstand-in\n-----END OPENSSH PRIVATE KEY-----\n",
      publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKeyForTestsOnly00000000000000000",
    },
  ],
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
      const launched = (await readState()).instances["golem-0a1b2c3d-mp-1"];
      expect(launched).toMatchObject({ cpus: "2", memory: "1024M", disk: "8G" });
      const userData = parse(launched?.userData ?? "");
      expect(userData.users[0]).toMatchObject({
        name: "golem",
        ssh_authorized_keys: [spec.sshPublicKey],
      });
      expect(userData.packages).toEqual(["htop"]);
      // The node's host key replaces the image's, so the guest shows the key its owner pinned.
      expect(userData.ssh_deletekeys).toBe(true);
      expect(userData.ssh_keys).toEqual({
        ed25519_private: spec.sshHostKeys?.[0]?.privateKey,
        ed25519_public: spec.sshHostKeys?.[0]?.publicKey,
      });
    },
  });

  it("launches with the documented flags and cloud-init on stdin", async () => {
    const launch = (await readState()).calls.find((c) => c[0] === "launch");
    expect(launch).toMatchInlineSnapshot(`
      [
        "launch",
        "--name",
        "golem-0a1b2c3d-mp-1",
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
    expect(
      await createMultipassDriver({ executable: noDaemon, nodeId: "0a1b2c3d" }).probe(),
    ).toMatchObject({
      usable: false,
      reason: "the multipass daemon (multipassd) does not answer",
    });
    expect(
      (await createMultipassDriver({ executable: join(dir, "absent"), nodeId: "0a1b2c3d" }).probe())
        .reason,
    ).toMatch(/not installed/);
  });

  it("a stop with a graceful timeout forces off a guest that ignores the shutdown request", async () => {
    await writeFile(
      statePath,
      JSON.stringify({
        calls: [],
        instances: {
          "golem-0a1b2c3d-stubborn": {
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
      nodeId: "0a1b2c3d",
      env: { MULTIPASS_STAND_IN_STATE: statePath, MULTIPASS_STAND_IN_IGNORES_SHUTDOWN: "1" },
    });
    const started = performance.now();
    const status = await stubborn.stop(parseVmId("stubborn"), { gracefulTimeoutMs: 1500 });
    expect(status.state).toBe("stopped");
    expect(performance.now() - started).toBeLessThan(15_000);
    const stops = (await readState()).calls.filter((c) => c[0] === "stop");
    expect(stops).toEqual([
      ["stop", "golem-0a1b2c3d-stubborn"],
      ["stop", "--force", "golem-0a1b2c3d-stubborn"],
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

describe("attack: two nodes (or another tool) share one multipassd", () => {
  const instance = (name: string) => ({
    state: "Running",
    cpus: "1",
    memory: "1G",
    disk: "5G",
    image: "24.04",
    ipv4: "10.0.0.9",
    userData: "",
    name,
  });
  const seed = async (path: string, names: string[]) =>
    writeFile(
      path,
      JSON.stringify({
        calls: [],
        instances: Object.fromEntries(names.map((name) => [name, instance(name)])),
      }),
    );
  const names = async (path: string) =>
    Object.keys((JSON.parse(await readFile(path, "utf8")) as { instances: object }).instances);

  it("a node's orphan clean-up destroys only the instances it named, never another node's", async () => {
    const shared = join(dir, "shared-state.json");
    // Another node's VM under the new naming, one made by an older node, and one by a person.
    await seed(shared, ["golem-0badc0de-vm-111111111111", "golem-vm-222222222222", "golem-notes"]);
    const env = { MULTIPASS_STAND_IN_STATE: shared };
    const mine = createMultipassDriver({ executable, env, nodeId: "a1b2c3d4" });
    await mine.create({ ...spec, id: parseVmId("vm-333333333333") });
    expect(await names(shared)).toContain("golem-a1b2c3d4-vm-333333333333");

    // This node's database has no row for its own VM: it is an orphan, the rest are not its own.
    const db = openDatabase(join(dir, "shared-node.db"));
    const service = createVmService({
      db,
      driver: mine,
      ssh: {
        bindHost: "127.0.0.1",
        publicRange: { start: 40_000, end: 40_010 },
        hostRange: { start: 40_010, end: 40_020 },
        bannerTimeoutMs: 1_000,
      },
      hostResources: async () => ({ cpu: 8, memoryMib: 16_384, storageGib: 200 }),
      policy: testPolicy,
    });
    const report = await service.recover();
    await service.close();
    db.close();

    expect(report.orphansDestroyed).toEqual(["vm-333333333333"]);
    expect((await names(shared)).sort()).toEqual([
      "golem-0badc0de-vm-111111111111",
      "golem-notes",
      "golem-vm-222222222222",
    ]);
    expect(await mine.list()).toEqual([]);
  });

  it("a VM this node launched under the old name golem-<id> is still found, stopped, started and destroyed, but never listed as an orphan", async () => {
    const shared = join(dir, "legacy-state.json");
    await seed(shared, ["golem-vm-444444444444"]);
    const driver = createMultipassDriver({
      executable,
      env: { MULTIPASS_STAND_IN_STATE: shared },
      nodeId: "a1b2c3d4",
    });
    const id = parseVmId("vm-444444444444");
    expect(await driver.list()).toEqual([]);
    expect((await driver.inspect(id)).state).toBe("running");
    expect((await driver.stop(id)).state).toBe("stopped");
    expect((await driver.start(id)).state).toBe("running");
    await driver.destroy(id);
    expect(await names(shared)).toEqual([]);
  });

  it("refuses a node id that would not make a valid instance name", () => {
    expect(() => createMultipassDriver({ executable, nodeId: "NOT-HEX!" })).toThrow(/node id/);
  });
});
