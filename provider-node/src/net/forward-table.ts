import type { KernelForwards } from "./isolated-network.ts";
import {
  type ForwardTarget,
  type RefusedConnection,
  type StartTcpForwarderOptions,
  startTcpForwarder,
  type TcpForwarder,
} from "./tcp-forwarder.ts";

export type { ForwardTarget };

/** Limits every forward applies to its connections (the forwarder's defaults where unset). */
export type ForwardLimits = Pick<
  StartTcpForwarderOptions,
  "idleTimeoutMs" | "lingerMs" | "maxConnections" | "maxConnectionsPerIp"
>;

/** Options of {@link createForwardTable}. */
export type CreateForwardTableOptions = {
  /** Address every public forward binds. */
  bindHost: string;
  limits?: ForwardLimits;
  /**
   * Kernel DNAT (isolated guests): a running VM's port is also published in the kernel, so
   * connections from other hosts never pass through this process; the userspace forward keeps
   * the port bound and serves local clients, and is the whole path when the kernel declines.
   */
  kernel?: KernelForwards | undefined;
  log?: (line: string) => void;
};

/** How often refusals by a connection cap are logged per forward, at most (ms). */
const refusalLogIntervalMs = 60_000;

/**
 * The node's public SSH ports, one per VM: while the VM runs, `bindHost:sshPort` forwards to
 * the guest's SSH endpoint (`127.0.0.1:hostPort` for QEMU, `<guest ip>:22` for Multipass);
 * while it is stopped, the port stays bound and refuses every connection, so no other program
 * (nor an outgoing connection's ephemeral port) can take it and the next start cannot fail on
 * it. Switching between the two never lets go of the port. Opening is idempotent, so
 * re-adopting a VM after a restart is the same call as creating it. A VM's published ports
 * are forwards of their own, keyed `vmId/guestPort` (see {@link publishedForwardKey}); closing
 * the VM's key closes them too.
 *
 * @example
 * const forwards = createForwardTable({ bindHost: "0.0.0.0" });
 * await forwards.open("vm-1", 20800, { host: "127.0.0.1", port: 21800 });
 * await forwards.hold("vm-1", 20800); // stopped: port kept, nothing forwarded
 */
export function createForwardTable(options: CreateForwardTableOptions) {
  const live = new Map<string, TcpForwarder>();
  const log = options.log ?? (() => {});
  const closeOne = async (key: string): Promise<void> => {
    const forwarder = live.get(key);
    live.delete(key);
    await options.kernel?.close(key);
    await forwarder?.close();
  };
  /** Closes `vmId`'s SSH forward and its published ports' (keys `vmId/guestPort`). */
  const close = async (vmId: string): Promise<void> => {
    const keys = [...live.keys()].filter((key) => key.startsWith(`${vmId}/`));
    for (const key of [vmId, ...keys]) await closeOne(key);
  };

  /** Points `vmId`'s port at `target`, binding it first when the VM holds no port yet. */
  const point = async (vmId: string, publicPort: number, target: ForwardTarget | null) => {
    await pointUserspace(vmId, publicPort, target);
    if (target === null) await options.kernel?.close(vmId);
    else await options.kernel?.open(vmId, publicPort, target);
  };
  const pointUserspace = async (vmId: string, publicPort: number, target: ForwardTarget | null) => {
    const current = live.get(vmId);
    if (current?.port === publicPort) {
      if (!sameTarget(current.target(), target)) current.retarget(target);
      return;
    }
    if (current) await closeOne(vmId);
    const forwarder = await startTcpForwarder({
      listenHost: options.bindHost,
      listenPort: publicPort,
      target,
      ...options.limits,
      onError: (error) => log(`forward ${publicPort} of VM ${vmId}: ${error.message}`),
      onRefused: logRefusals(publicPort, vmId, log),
    });
    live.set(vmId, forwarder);
  };

  return {
    /** Forwards `vmId`'s public port to `target`; a forward to the same target is kept. */
    open: (vmId: string, publicPort: number, target: ForwardTarget) =>
      point(vmId, publicPort, target),
    /** Keeps `vmId`'s public port bound without forwarding (the VM is stopped); open connections close. */
    hold: (vmId: string, publicPort: number) => point(vmId, publicPort, null),
    /** Lets go of `vmId`'s ports (SSH and published), closing their connections; no-op when it holds none. */
    close,
    /** Lets go of every port (the node shuts down; the VMs keep running). */
    async closeAll(): Promise<void> {
      const all = [...live.values()];
      live.clear();
      await options.kernel?.closeAll();
      await Promise.all(all.map((forwarder) => forwarder.close()));
    },
    /** Whether `vmId`'s port forwards to its guest. */
    has: (vmId: string) => live.get(vmId)?.target() != null,
    /** Whether `vmId`'s port is bound, forwarding or held. */
    holdsPort: (vmId: string) => live.has(vmId),
    /** Open client connections of `vmId`'s forward (0 when none runs). */
    connections: (vmId: string) => live.get(vmId)?.connections() ?? 0,
    /** VM ids whose SSH port forwards to the guest. */
    vmIds: () =>
      [...live].filter(([id, f]) => f.target() !== null && !id.includes("/")).map(([id]) => id),
  };
}

/** The forward-table key of `vmId`'s published `guestPort` (the VM's SSH forward is keyed `vmId`). */
export function publishedForwardKey(vmId: string, guestPort: number): string {
  return `${vmId}/${guestPort}`;
}

/** The table returned by {@link createForwardTable}. */
export type ForwardTable = ReturnType<typeof createForwardTable>;

function sameTarget(a: ForwardTarget | null, b: ForwardTarget | null): boolean {
  return a === b || (a !== null && b !== null && a.host === b.host && a.port === b.port);
}

/** Logs the first refusal, then at most one line a minute with how many there were. */
function logRefusals(publicPort: number, vmId: string, log: (line: string) => void) {
  let lastAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return ({ source, reason }: RefusedConnection) => {
    unlogged++;
    if (performance.now() - lastAt < refusalLogIntervalMs) return;
    lastAt = performance.now();
    log(
      `forward ${publicPort} of VM ${vmId}: closed ${unlogged} connection(s) at once, the last from ${source} (${reason})`,
    );
    unlogged = 0;
  };
}

/** The address to reach a port bound on `bindHost` from this host (wildcards become loopback). */
export function localAddressOf(bindHost: string): string {
  if (bindHost === "0.0.0.0") return "127.0.0.1";
  if (bindHost === "::" || bindHost === "[::]") return "::1";
  return bindHost;
}
