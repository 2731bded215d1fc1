import { describe, expect, test } from "vitest";
import { discoveryOff } from "../discovery/discovery-status.ts";
import { type StatusFacts, statusExitCode, summarizeStatus } from "./node-status.ts";

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

  test("an issue when guests fell back to no egress, none when the operator chose it", () => {
    const fallback = summarizeStatus({
      ...facts,
      driver: {
        ...facts.driver,
        network: { requested: "isolated", mode: "none", reason: "the node lacks CAP_NET_ADMIN" },
      },
    });
    expect(fallback.overall).toEqual({
      status: "issues",
      issues: ["guests have no network egress: the node lacks CAP_NET_ADMIN"],
    });
    const chosen = summarizeStatus({
      ...facts,
      driver: {
        ...facts.driver,
        network: { requested: "none", mode: "none", reason: "the operator chose it" },
      },
    });
    expect(chosen.overall).toEqual({ status: "healthy", issues: [] });
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

  test("external reachability comes from the daemon's dial-back check", () => {
    const running = {
      ...discoveryOff("x"),
      state: "running" as const,
      reason: null,
      reachability: {
        state: "checked" as const,
        reason: null,
        checkedAt: "2026-11-23T17:00:00.000Z",
        api: { port: 7466, local: true, external: "unreachable" as const },
        ssh: { port: 50_801, local: true, external: "reachable" as const },
        ip: "203.0.113.7",
        checkedBy: ["12D3KooWPeer"],
        errors: [],
      },
    };
    const status = summarizeStatus({ ...facts, discovery: running });
    expect(status.ports.provider.external).toBe("unreachable");
    expect(status.ports.ssh.external).toBe("reachable");
    expect(status.overall).toEqual({
      status: "issues",
      issues: [
        "API port 7466 is not reachable from outside (peers 12D3KooWPeer could not connect): open or forward it in the firewall/router",
      ],
    });
    const noPeer = {
      ...running.reachability,
      api: { ...running.reachability.api, external: "unverified" as const },
    };
    expect(
      summarizeStatus({ ...facts, discovery: { ...running, reachability: noPeer } }).ports.provider
        .external,
    ).toBe("unverified");
    // --no-verify-port, discovery off, or a node that does not run.
    expect(
      summarizeStatus({ ...facts, discovery: discoveryOff("turned off") }).ports.provider.external,
    ).toBe("not-checked");
    expect(summarizeStatus(facts).ports.provider.external).toBe("unknown");
  });
});

describe("statusExitCode", () => {
  test("is 1 only when the overall state is error", () => {
    expect(statusExitCode({ overall: { status: "error", issues: ["x"] } })).toBe(1);
    expect(statusExitCode({ overall: { status: "issues", issues: ["x"] } })).toBe(0);
    expect(statusExitCode({ overall: { status: "healthy", issues: [] } })).toBe(0);
    const broken = summarizeStatus({ ...facts, driver: { ...facts.driver, usable: false } });
    expect(statusExitCode(broken)).toBe(1);
  });
});
