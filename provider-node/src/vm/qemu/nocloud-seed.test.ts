import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../run-command.ts";
import { buildNocloudSeed, writeNocloudSeedIso } from "./nocloud-seed.ts";

const key =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000 me@laptop";
const seed = buildNocloudSeed({
  instanceId: "vm-1",
  hostname: "vm-1",
  macAddress: "52:54:00:12:34:56",
  sshPublicKey: key,
  userCloudConfig: "#cloud-config\nruncmd: [[touch, /tmp/hello]]\n",
});

describe("buildNocloudSeed", () => {
  it("names the instance and matches the NIC by MAC", () => {
    expect(seed.metaData).toMatchInlineSnapshot(`
      "instance-id: vm-1
      local-hostname: vm-1
      "
    `);
    expect(seed.networkConfig).toMatchInlineSnapshot(`
      "version: 2
      ethernets:
        eth0:
          match:
            macaddress: 52:54:00:12:34:56
          set-name: eth0
          dhcp4: true
      "
    `);
    expect(seed.userData).toContain("runcmd:");
    expect(seed.userData.startsWith("#cloud-config\n")).toBe(true);
  });
});

describe("writeNocloudSeedIso", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golem-seed-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes an ISO 9660 volume labelled cidata with the three files under their names", async () => {
    const iso = join(dir, "seed.iso");
    await writeNocloudSeedIso(iso, seed);
    const { stdout } = await runCommand("blkid", ["-o", "export", iso]);
    expect(stdout).toMatch(/^LABEL=cidata$/m);
    expect(stdout).toMatch(/^TYPE=iso9660$/m);
    const out = join(dir, "out");
    await runCommand("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/", out]);
    expect(await readFile(join(out, "user-data"), "utf8")).toBe(seed.userData);
    expect(await readFile(join(out, "meta-data"), "utf8")).toBe(seed.metaData);
    expect(await readFile(join(out, "network-config"), "utf8")).toBe(seed.networkConfig);
  });
});
