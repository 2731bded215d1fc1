import { once } from "node:events";
import { createServer, type Server } from "node:net";
import type { PortReachability, ReachabilityReport } from "@vm-on-golem/sdk/discovery/node";
import { isPortBindable } from "../net/port-pool.ts";

/** What peers saw of one port: reached it, could not, or nobody could check. */
export type PortVerdict = "reachable" | "unreachable" | "unverified";

/** One port as `status` reports it. */
export type PortReachabilityStatus = {
  port: number;
  /** Answered on 127.0.0.1. */
  local: boolean;
  external: PortVerdict;
};

/** The node's last reachability check, as `status` reports it. */
export type ReachabilityStatus = {
  /** `not-checked`: turned off (`--no-verify-port`) or no advert to check with; `pending`: not done yet. */
  state: "not-checked" | "pending" | "checked";
  /** Why it was not checked. */
  reason: string | null;
  /** ISO time of the last check. */
  checkedAt: string | null;
  api: PortReachabilityStatus | null;
  ssh: PortReachabilityStatus | null;
  /** Our IP as peers saw it. */
  ip: string | null;
  /** Peers that answered. */
  checkedBy: string[];
  /** Why peers refused or failed. */
  errors: string[];
};

/** A reachability status that says nothing was checked, and why. */
export function reachabilityNotChecked(
  reason: string,
  state: "not-checked" | "pending" = "not-checked",
): ReachabilityStatus {
  return {
    state,
    reason,
    checkedAt: null,
    api: null,
    ssh: null,
    ip: null,
    checkedBy: [],
    errors: [],
  };
}

const verdictOf = (seen: PortReachability | null | undefined): PortVerdict =>
  seen ? (seen.open ? "reachable" : "unreachable") : "unverified";

/**
 * Turns the sdk's dial-back report into the status form: each port local yes/no and external
 * reachable / unreachable / unverified (no peer could check).
 *
 * @example const status = reachabilityOfReport(await node.checkReachability({ sshPort }), new Date());
 */
export function reachabilityOfReport(report: ReachabilityReport, at: Date): ReachabilityStatus {
  const { local, external } = report;
  return {
    state: "checked",
    reason: null,
    checkedAt: at.toISOString(),
    api: { port: local.api.port, local: local.api.open, external: verdictOf(external.api) },
    ssh: local.ssh
      ? { port: local.ssh.port, local: local.ssh.open, external: verdictOf(external.ssh) }
      : null,
    ip: external.ip ?? null,
    checkedBy: external.checkedBy,
    errors: external.errors,
  };
}

/** Parameters of {@link withSshProbePort}. */
export type WithSshProbePortParameters = {
  bindHost: string;
  /** Public SSH range `[start, end)`. */
  range: { start: number; end: number };
  /** Ports VMs hold: one of them is used when no port is free (its forward answers). */
  inUse: number[];
};

/** What the stand-in SSH server says, so a peer's banner check sees an SSH-like first line. */
export const PROBE_BANNER = "SSH-2.0-golem-provider-reachability-check\r\n";

/**
 * Runs `check` with one SSH port that answers: a free port of the range with a short-lived
 * stand-in server that sends an SSH banner (closed afterwards), else a port a VM holds, else none.
 */
export async function withSshProbePort<T>(
  parameters: WithSshProbePortParameters,
  check: (sshPort: number | undefined) => Promise<T>,
): Promise<T> {
  const { bindHost, range, inUse } = parameters;
  const held = new Set(inUse);
  for (let port = range.start; port < range.end; port++) {
    if (held.has(port) || !(await isPortBindable(bindHost, port))) continue;
    const server = await listenBanner(bindHost, port).catch(() => undefined);
    if (!server) continue;
    try {
      return await check(port);
    } finally {
      server.close();
    }
  }
  return check(inUse.find((port) => port >= range.start && port < range.end));
}

async function listenBanner(host: string, port: number): Promise<Server> {
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.end(PROBE_BANNER);
  });
  server.listen(port, host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => Promise.reject(error)),
  ]);
  server.unref();
  return server;
}
