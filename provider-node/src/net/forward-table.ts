import { startTcpForwarder, type TcpForwarder } from "./tcp-forwarder.ts";

/** Options of {@link createForwardTable}. */
export type CreateForwardTableOptions = {
  /** Address every public forward binds. */
  bindHost: string;
  log?: (line: string) => void;
};

/** Where a forward sends its connections: the guest's SSH endpoint as the driver reports it. */
export type ForwardTarget = { host: string; port: number };

/**
 * The node's live SSH forwards, one per VM: public `bindHost:sshPort` → the guest's SSH
 * endpoint (`127.0.0.1:hostPort` for QEMU, `<guest ip>:22` for Multipass). Opening is
 * idempotent, so re-adopting a VM after a restart is the same call as creating it.
 *
 * @example
 * const forwards = createForwardTable({ bindHost: "0.0.0.0" });
 * await forwards.open("vm-1", 50800, { host: "127.0.0.1", port: 51800 });
 */
export function createForwardTable(options: CreateForwardTableOptions) {
  const live = new Map<string, { forwarder: TcpForwarder; target: ForwardTarget }>();
  const log = options.log ?? (() => {});
  const close = async (vmId: string): Promise<void> => {
    const entry = live.get(vmId);
    live.delete(vmId);
    await entry?.forwarder.close();
  };
  return {
    /** Starts the forward of `vmId`; a live one to the same target is kept, to another replaced. */
    async open(vmId: string, publicPort: number, target: ForwardTarget): Promise<void> {
      const current = live.get(vmId);
      if (current && current.forwarder.port === publicPort && sameTarget(current.target, target))
        return;
      if (current) await close(vmId);
      const forwarder = await startTcpForwarder({
        listenHost: options.bindHost,
        listenPort: publicPort,
        targetHost: target.host,
        targetPort: target.port,
        onError: (error) => log(`forward ${publicPort} of VM ${vmId}: ${error.message}`),
      });
      live.set(vmId, { forwarder, target });
    },
    /** Stops the forward of `vmId`, closing its connections; no-op when none runs. */
    close,
    /** Stops every forward (the node shuts down; the VMs keep running). */
    async closeAll(): Promise<void> {
      const all = [...live.values()];
      live.clear();
      await Promise.all(all.map((entry) => entry.forwarder.close()));
    },
    /** Whether a forward of `vmId` runs. */
    has: (vmId: string) => live.has(vmId),
    /** Open client connections of `vmId`'s forward (0 when none runs). */
    connections: (vmId: string) => live.get(vmId)?.forwarder.connections() ?? 0,
    /** VM ids with a running forward. */
    vmIds: () => [...live.keys()],
  };
}

/** The table returned by {@link createForwardTable}. */
export type ForwardTable = ReturnType<typeof createForwardTable>;

function sameTarget(a: ForwardTarget, b: ForwardTarget): boolean {
  return a.host === b.host && a.port === b.port;
}

/** The address to reach a port bound on `bindHost` from this host (wildcards become loopback). */
export function localAddressOf(bindHost: string): string {
  if (bindHost === "0.0.0.0") return "127.0.0.1";
  if (bindHost === "::" || bindHost === "[::]") return "::1";
  return bindHost;
}
