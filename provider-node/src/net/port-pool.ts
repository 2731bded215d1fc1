import { createServer } from "node:net";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** A port range; `end` is not included (`[start, end)`). */
export type PortRange = { start: number; end: number };

/** Options of {@link createPortPool}. */
export type CreatePortPoolOptions = {
  /** Public SSH ports, bound on `publicHost`. */
  publicRange: PortRange;
  publicHost: string;
  /** Ports on 127.0.0.1 a driver forwards to a guest's port 22. */
  hostRange: PortRange;
  /** Ports already allocated (read from the database on every call). */
  allocated: () => Iterable<number>;
  /** Whether a port can be bound right now; defaults to trying it. */
  isBindable?: (host: string, port: number) => Promise<boolean>;
};

/** A guest port and the public and host ports leased for it. */
export type LeasedPort = { guestPort: number; publicPort: number; hostPort: number };

/** Ports held for one VM until they are in the database (then `release()` the hold). */
export type PortLease = {
  sshPort: number;
  hostPort: number;
  /** One public and one host port per guest port asked to publish, in the order asked. */
  published: LeasedPort[];
  release(): void;
};

/** Counts of one range. */
export type PortRangeUsage = PortRange & { inUse: number; free: number };

/**
 * Hands out one public SSH port and one driver host port per VM, and one of each per published
 * guest port. A port is free when no
 * VM holds it in the database, no other create holds it right now, and it can be bound.
 * The caller writes the ports with the VM row in one transaction, then releases the lease.
 *
 * @example
 * const lease = await pool.lease();
 * try { vms.insertWithPorts({ ...row, sshPort: lease.sshPort, hostPort: lease.hostPort }); }
 * finally { lease.release(); }
 */
export function createPortPool(options: CreatePortPoolOptions) {
  const held = new Set<number>();
  const isBindable = options.isBindable ?? isPortBindable;

  const pick = async (range: PortRange, host: string, which: string): Promise<number> => {
    const taken = new Set(options.allocated());
    for (let port = range.start; port < range.end; port++) {
      if (taken.has(port) || held.has(port)) continue;
      held.add(port);
      if (await isBindable(host, port)) return port;
      held.delete(port);
    }
    throw new GolemError(
      "PORTS_EXHAUSTED",
      `no free ${which} port in ${range.start}-${range.end - 1}`,
      { details: { range: [range.start, range.end], inUse: taken.size } },
    );
  };

  return {
    /**
     * Holds a free public port and a free host port for SSH, and one more of each per guest
     * port in `publish` (published ports come from the same ranges); all or nothing.
     */
    async lease(publish: readonly number[] = []): Promise<PortLease> {
      const mine: number[] = [];
      const take = async (range: PortRange, host: string, which: string) => {
        const port = await pick(range, host, which);
        mine.push(port);
        return port;
      };
      try {
        const sshPort = await take(options.publicRange, options.publicHost, "public SSH");
        const hostPort = await take(options.hostRange, "127.0.0.1", "driver host");
        const published: LeasedPort[] = [];
        for (const guestPort of publish) {
          const publicPort = await take(options.publicRange, options.publicHost, "public");
          published.push({
            guestPort,
            publicPort,
            hostPort: await take(options.hostRange, "127.0.0.1", "driver host"),
          });
        }
        return {
          sshPort,
          hostPort,
          published,
          release: () => {
            for (const port of mine) held.delete(port);
          },
        };
      } catch (error) {
        for (const port of mine) held.delete(port);
        throw error;
      }
    },
    /** How many public ports are allocated and how many are left (not checked for binding). */
    publicUsage(): PortRangeUsage {
      const { start, end } = options.publicRange;
      const inUse = [...options.allocated()].filter((p) => p >= start && p < end).length;
      return { start, end, inUse, free: end - start - inUse };
    },
  };
}

/** The pool returned by {@link createPortPool}. */
export type PortPool = ReturnType<typeof createPortPool>;

/**
 * Whether `host:port` can be bound right now (tries it and lets go at once).
 *
 * @example await isPortBindable("0.0.0.0", 22800);
 */
export function isPortBindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
