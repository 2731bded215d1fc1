import { describe, expect, test } from "vitest";
import { type StatusFacts, summarizeStatus } from "./node-status.ts";

const facts: StatusFacts = {
  source: "daemon",
  daemon: { running: true, pid: 42 },
  driver: { name: "qemu", usable: true, accel: "kvm", reason: null },
  api: { host: "0.0.0.0", port: 7466, local: "listening" },
  ssh: { range: [50_800, 50_900], inUse: [50_800], notBindable: [] },
  vms: [{ id: "vm-1", name: "web", owner: "0x1", status: "running", sshPort: 50_800, error: null }],
  resources: null,
};

describe("summarizeStatus", () => {
  test("healthy when everything works", () => {
    const status = summarizeStatus(facts);
    expect(status.overall).toEqual({ status: "healthy", issues: [] });
    expect(status.ports.ssh).toEqual({
      range: [50_800, 50_900],
      status: "ok",
      usableFree: 99,
      inUse: 1,
      issues: { notBindable: 0 },
      external: "unknown",
    });
  });

  test("issues for TCG, a stopped node, blocked ports and failed VMs", () => {
    const status = summarizeStatus({
      ...facts,
      driver: { ...facts.driver, accel: "tcg" },
      api: { ...facts.api, local: "free" },
      ssh: { ...facts.ssh, notBindable: [50_801, 50_802] },
      vms: [{ ...(facts.vms[0] as StatusFacts["vms"][0]), status: "failed" }],
    });
    expect(status.overall.status).toBe("issues");
    expect(status.overall.issues).toEqual([
      "VMs run under TCG (software emulation, slow): KVM is not usable",
      "the node is not running (start it with `golem-provider start --daemon`)",
      "2 SSH port(s) in 50800-50899 are taken by other programs",
      "1 VM(s) failed: vm-1",
    ]);
    expect(status.ports.ssh).toMatchObject({ status: "limited", usableFree: 97 });
  });

  test("error when the driver cannot run, the API port is taken or no SSH port is usable", () => {
    const status = summarizeStatus({
      ...facts,
      driver: { name: "qemu", usable: false, accel: null, reason: "qemu-system-x86_64 not found" },
      api: { ...facts.api, local: "in-use" },
      ssh: { range: [50_800, 50_802], inUse: [50_800], notBindable: [50_801] },
    });
    expect(status.overall.status).toBe("error");
    expect(status.overall.issues.slice(0, 3)).toEqual([
      "the qemu driver cannot run here: qemu-system-x86_64 not found",
      "API port 7466 is in use by another program",
      "no usable SSH port is free in 50800-50801",
    ]);
    expect(status.ports.ssh.status).toBe("blocked");
  });
});
