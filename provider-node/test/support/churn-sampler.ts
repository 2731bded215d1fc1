import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { queryObjects, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
/** V8's collector, asked for without `--expose-gc` on the command line. */
const collectGarbage = runInNewContext("gc") as () => void;

/** One look at this process (the node runs in it) at a quiet moment of a churn run. */
export type ChurnSample = {
  /** Cycles done when the sample was taken. */
  cycles: number;
  /** Open file descriptors (`/proc/self/fd`). */
  fds: number;
  /** TCP sockets this process listens on. */
  listening: number;
  /** Handles and requests keeping the loop alive, after a full collection. */
  activeResources: number;
  /** `net.Socket` objects still reachable after a full collection (closed ones held by a leak count). */
  liveSockets: number;
  /** Heap in use after a full collection (bytes). */
  heapUsed: number;
  rss: number;
  vmRows: number;
  portRows: number;
  pauseRows: number;
  sessionRows: number;
  nonceRows: number;
  /** Offers nobody paid for that expired more than `pruneSlackSeconds` ago (pruning keeps it 0). */
  staleOfferRows: number;
  /** Bytes of the log file and its rotated files. */
  logBytes: number;
};

/** Sockets in LISTEN state whose inode is one of this process's file descriptors. */
function listeningSockets(): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(join("/proc/self/fd", fd)));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // Closed while listing (the readdir's own fd).
    }
  }
  let count = 0;
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === "0A" && inodes.has(fields[9] ?? "")) count++;
    }
  }
  return count;
}

const countRows = (db: DatabaseSync, sql: string, ...params: number[]) =>
  Number((db.prepare(sql).get(...params) as { n: number }).n);

/**
 * Samples this process and the node's database (opened read-only beside the node).
 *
 * @example const sample = takeChurnSample({ cycles, db, logFile, nowSeconds: Date.now() / 1000 });
 */
export function takeChurnSample(p: {
  cycles: number;
  db: DatabaseSync;
  logFile: string;
  nowSeconds: number;
  pruneSlackSeconds: number;
}): ChurnSample {
  collectGarbage();
  collectGarbage();
  const dir = join(p.logFile, "..");
  const base = p.logFile.slice(dir.length + 1);
  const logBytes = readdirSync(dir)
    .filter((name) => name === base || name.startsWith(`${base}.`))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  return {
    cycles: p.cycles,
    fds: readdirSync("/proc/self/fd").length,
    listening: listeningSockets(),
    activeResources: process.getActiveResourcesInfo().length,
    liveSockets: queryObjects(Socket, { format: "count" }),
    heapUsed: process.memoryUsage().heapUsed,
    rss: process.memoryUsage().rss,
    vmRows: countRows(p.db, "SELECT count(*) AS n FROM vms"),
    portRows: countRows(p.db, "SELECT count(*) AS n FROM ports"),
    pauseRows: countRows(p.db, "SELECT count(*) AS n FROM payment_pauses"),
    sessionRows: countRows(p.db, "SELECT count(*) AS n FROM sessions"),
    nonceRows: countRows(p.db, "SELECT count(*) AS n FROM nonces"),
    staleOfferRows: countRows(
      p.db,
      "SELECT count(*) AS n FROM offers WHERE used_by_vm IS NULL AND expires_at < ?",
      Math.floor(p.nowSeconds - p.pruneSlackSeconds),
    ),
    logBytes,
  };
}

/** A least-squares line through (x, y) and the standard error of its slope. */
export function fitSlope(points: ReadonlyArray<readonly [number, number]>) {
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = points.reduce((s, [x, y]) => s + (y - intercept - slope * x) ** 2, 0);
  const standardError = n > 2 && sxx > 0 ? Math.sqrt(residuals / (n - 2) / sxx) : 0;
  return { slope, intercept, standardError };
}
