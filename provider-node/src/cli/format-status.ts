import type { NodeStatus } from "../daemon/node-status.ts";

const ok = "✅";
const bad = "❌";
const warn = "⚠️ ";

/**
 * The TTY form of `status`, in the layout operators know from the seed:
 *
 * ```text
 * Overall         Healthy
 * Driver          ✅ qemu (KVM)
 * Provider Port   0.0.0.0:7466
 *   Local         ✅ service is listening
 *   External      ✅ reachable (checked by 1 peer)
 * SSH Ports       22800-22899 — OK
 *   Usable free   100
 *   In use        0
 * ```
 */
export function formatStatus(status: NodeStatus): string {
  const row = (label: string, value: string) => `${label.padEnd(16)}${value}`;
  const overall = { healthy: "Healthy", issues: "Issues detected", error: "Error" }[
    status.overall.status
  ];
  const lines = [row("Overall", overall)];
  for (const issue of status.overall.issues) lines.push(`  - ${issue}`);

  lines.push(
    row("Node", status.daemon.running ? `running (pid ${status.daemon.pid})` : "not running"),
  );
  const { driver } = status;
  const accel = driver.accel ? ` (${driver.accel.toUpperCase()})` : "";
  lines.push(
    row(
      "Driver",
      driver.usable
        ? `${ok} ${driver.name}${accel}`
        : `${bad} ${driver.name} — ${driver.reason ?? "unusable"}`,
    ),
  );

  if (driver.network) {
    const { mode, requested, reason } = driver.network;
    lines.push(
      row(
        "Guest Network",
        `${mode === requested ? ok : warn}${mode === requested ? " " : ""}${mode} — ${reason}`,
      ),
    );
  }

  const monitor = status.payments?.monitor;
  if (monitor) {
    lines.push(
      row(
        "Stream Monitor",
        monitor.state === "degraded"
          ? `${bad} degraded (${monitor.consecutiveFailures} failed reads in a row; no VM is stopped on a failed read)`
          : `${ok} ${monitor.state}`,
      ),
    );
  }

  const provider = status.ports.provider;
  lines.push(row("Provider Port", `${provider.host}:${provider.port}`));
  const local = {
    listening: `${ok} service is listening`,
    free: `${warn}not listening (node not running)`,
    "in-use": `${bad} port unavailable (another program uses it)`,
  }[provider.local];
  lines.push(row("  Local", local));
  lines.push(row("  External", externalText(provider.external, status)));

  const ssh = status.ports.ssh;
  const sshState = {
    ok: "OK",
    limited: `limited — ${ssh.issues.notBindable} issue(s)`,
    blocked: "blocked",
  }[ssh.status];
  lines.push(row("SSH Ports", `${ssh.range[0]}-${ssh.range[1] - 1} — ${sshState}`));
  lines.push(row("  Usable free", String(ssh.usableFree)));
  lines.push(row("  In use", String(ssh.inUse)));
  if (ssh.issues.notBindable > 0)
    lines.push(row("  Issues", `${ssh.issues.notBindable} taken by other programs`));
  if (ssh.external !== "unknown") lines.push(row("  External", externalText(ssh.external, status)));
  lines.push(...discoveryLines(status, row));

  const counts = new Map<string, number>();
  for (const vm of status.vms) counts.set(vm.status, (counts.get(vm.status) ?? 0) + 1);
  const byStatus = [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
  lines.push(row("VMs", status.vms.length === 0 ? "none" : `${status.vms.length} (${byStatus})`));

  if (status.resources) {
    const { free, limit } = status.resources;
    const gib = (mib: number) => (mib / 1024).toFixed(1);
    lines.push(
      row(
        "Resources free",
        `${free.cpu}/${limit.cpu} CPU, ${gib(free.memoryMib)}/${gib(limit.memoryMib)} GiB memory, ${free.storageGib}/${limit.storageGib} GiB disk`,
      ),
    );
  }
  return lines.join("\n");
}

function externalText(external: NodeStatus["ports"]["provider"]["external"], status: NodeStatus) {
  const reach = status.discovery?.reachability;
  const by = reach ? `checked by ${reach.checkedBy.length} peer(s)` : "";
  return {
    reachable: `${ok} reachable (${by}${reach?.ip ? ` at ${reach.ip}` : ""})`,
    unreachable: `${bad} not reachable from outside (${by})`,
    unverified: `${warn}unverified (no peer could check)`,
    "not-checked": `not checked${reach?.reason ? ` (${reach.reason})` : ""}`,
    unknown: "unknown (the node is not running)",
  }[external];
}

function discoveryLines(status: NodeStatus, row: (label: string, value: string) => string) {
  const discovery = status.discovery;
  if (!discovery) return [];
  if (discovery.state === "off") return [row("Discovery", `off — ${discovery.reason}`)];
  if (discovery.state === "error") return [row("Discovery", `${bad} ${discovery.reason}`)];
  const lines = [
    row("Discovery", `${ok} peer ${discovery.peerId}`),
    row("  Peers", `${discovery.peers} connected, ${discovery.adverts} advert(s) held`),
    row("  Last publish", discovery.lastPublishAt ?? "never"),
  ];
  for (const addr of discovery.listenAddrs) lines.push(row("  Listening", addr));
  const golemBase = discovery.golemBase;
  if (golemBase) {
    lines.push(
      row(
        "  Golem Base",
        golemBase.lastError
          ? `${bad} ${golemBase.lastError}`
          : `${ok} stored ${golemBase.lastPublishAt ?? "not yet"}`,
      ),
    );
  }
  return lines;
}
