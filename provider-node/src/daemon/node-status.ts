import type { DiscoveryStatus } from "../discovery/discovery-status.ts";
import type { PortVerdict } from "../discovery/node-reachability.ts";
import type { GuestNetworkMode } from "../net/guest-network-mode.ts";
import type { StreamMonitorStatus } from "../payments/stream-monitor.ts";
import type { ResourceBudget } from "../resources/resource-budget.ts";

/** What `status` looked at. */
export type StatusFacts = {
  /** Whether the running daemon answered (over the operator socket) or the CLI looked itself. */
  source: "daemon" | "local";
  daemon: { running: boolean; pid: number | null };
  driver: {
    name: string;
    usable: boolean;
    accel: "kvm" | "tcg" | null;
    reason: string | null;
    /** The guest network in force and why (drivers that decide it; QEMU does). */
    network?: GuestNetworkMode | undefined;
  };
  api: { host: string; port: number; local: "listening" | "free" | "in-use" };
  ssh: {
    /** `[start, end)`. */
    range: [number, number];
    /** Ports VMs hold. */
    inUse: number[];
    /** Free ports that cannot be bound (another program has them). */
    notBindable: number[];
  };
  vms: Array<{
    id: string;
    name: string;
    owner: string;
    status: string;
    sshPort: number;
    error: string | null;
  }>;
  resources: ResourceBudget | null;
  /** Discovery and reachability; only the running daemon knows them. */
  discovery?: DiscoveryStatus | undefined;
};

/**
 * A port as seen from outside: what peers saw (`reachable`, `unreachable`), `unverified` when
 * no peer could check, `not-checked` when the check is off, `unknown` when the node does not run.
 */
export type ExternalPortStatus = PortVerdict | "not-checked" | "unknown";

/** The `status` report: facts plus the overall verdict (`status --json` prints this). */
export type NodeStatus = StatusFacts & {
  /** The stream monitor's health; absent when payments are off or the node is not running. */
  payments?: { monitor: StreamMonitorStatus } | undefined;
  overall: { status: "healthy" | "issues" | "error"; issues: string[] };
  ports: {
    provider: {
      host: string;
      port: number;
      local: StatusFacts["api"]["local"];
      external: ExternalPortStatus;
    };
    ssh: {
      range: [number, number];
      status: "ok" | "limited" | "blocked";
      usableFree: number;
      inUse: number;
      issues: { notBindable: number };
      external: ExternalPortStatus;
    };
  };
};

/**
 * Judges the facts: `error` when the node cannot serve (driver unusable, API port taken by
 * another program, no usable SSH port), `issues` for what works but deserves a look (TCG,
 * node not running, some ports blocked, VMs failed, API or SSH port unreachable from outside),
 * else `healthy`. External reachability comes from the daemon's dial-back check.
 *
 * @example const status = summarizeStatus(await gatherStatusFacts(...));
 */
export function summarizeStatus(facts: StatusFacts): NodeStatus {
  const errors: string[] = [];
  const issues: string[] = [];
  if (!facts.driver.usable) {
    errors.push(
      `the ${facts.driver.name} driver cannot run here: ${facts.driver.reason ?? "unknown reason"}`,
    );
  } else if (facts.driver.accel === "tcg") {
    issues.push("VMs run under TCG (software emulation, slow): KVM is not usable");
  }
  const network = facts.driver.network;
  if (network && network.mode !== network.requested) {
    issues.push(`guests have no network egress: ${network.reason}`);
  }
  if (facts.api.local === "in-use") {
    errors.push(`API port ${facts.api.port} is in use by another program`);
  } else if (facts.api.local === "free") {
    issues.push("the node is not running (start it with `golem-provider start --daemon`)");
  }
  const [start, end] = facts.ssh.range;
  const size = end - start;
  const usableFree = size - facts.ssh.inUse.length - facts.ssh.notBindable.length;
  const sshStatus =
    usableFree <= 0 ? "blocked" : facts.ssh.notBindable.length > 0 ? "limited" : "ok";
  if (sshStatus === "blocked") errors.push(`no usable SSH port is free in ${start}-${end - 1}`);
  if (facts.ssh.notBindable.length > 0) {
    issues.push(
      `${facts.ssh.notBindable.length} SSH port(s) in ${start}-${end - 1} are taken by other programs`,
    );
  }
  const failed = facts.vms.filter((vm) => vm.status === "failed");
  if (failed.length > 0)
    issues.push(`${failed.length} VM(s) failed: ${failed.map((vm) => vm.id).join(", ")}`);

  const reach = facts.discovery?.reachability;
  const externalOf = (port: "api" | "ssh"): ExternalPortStatus => {
    if (!reach) return "unknown";
    if (reach.state !== "checked") return "not-checked";
    return reach[port]?.external ?? "unverified";
  };
  const external = { api: externalOf("api"), ssh: externalOf("ssh") };
  if (external.api === "unreachable") {
    issues.push(
      `API port ${facts.api.port} is not reachable from outside (peers ${reach?.checkedBy.join(", ")} could not connect): open or forward it in the firewall/router`,
    );
  }
  if (external.ssh === "unreachable") {
    issues.push(
      `SSH port ${reach?.ssh?.port} is not reachable from outside: open or forward ${start}-${end - 1}`,
    );
  }

  if (facts.discovery?.state === "error") {
    issues.push(`discovery failed to start: ${facts.discovery.reason}`);
  }

  const all = [...errors, ...issues];
  return {
    ...facts,
    overall: {
      status: errors.length > 0 ? "error" : issues.length > 0 ? "issues" : "healthy",
      issues: all,
    },
    ports: {
      provider: {
        host: facts.api.host,
        port: facts.api.port,
        local: facts.api.local,
        external: external.api,
      },
      ssh: {
        range: [start, end],
        status: sshStatus,
        usableFree: Math.max(0, usableFree),
        inUse: facts.ssh.inUse.length,
        issues: { notBindable: facts.ssh.notBindable.length },
        external: external.ssh,
      },
    },
  };
}

/**
 * Exit code of `golem-provider status`: 1 when the overall state is `error` (the node cannot
 * serve), else 0, so scripts and health checks can test it.
 *
 * @example process.exitCode = statusExitCode(status);
 */
export function statusExitCode(status: Pick<NodeStatus, "overall">): number {
  return status.overall.status === "error" ? 1 : 0;
}
