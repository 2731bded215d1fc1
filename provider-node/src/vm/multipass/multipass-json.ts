/**
 * The JSON that `multipass … --format json` prints (from Multipass's json_formatter.cpp).
 * Numbers of CPUs and disk sizes are strings; memory is a number of bytes.
 */

/** `multipass version --format json`; `multipassd` is absent when the daemon does not answer. */
export type MultipassVersionJson = { multipass: string; multipassd?: string };

/** One entry of `multipass list --format json`. */
export type MultipassListEntry = {
  name: string;
  /** Running, Stopped, Deleted, Starting, Restarting, Delayed Shutdown, Suspending, Suspended, Unknown. */
  state: string;
  ipv4: string[];
  release: string;
};

/** `multipass list --format json`. */
export type MultipassListJson = { list: MultipassListEntry[] };

/** One instance in `multipass info --format json`. */
export type MultipassInfoEntry = {
  state: string;
  image_hash: string;
  image_release: string;
  release: string;
  cpu_count: string;
  snapshot_count?: string;
  load: number[];
  disks: Record<string, { used?: string; total?: string }>;
  memory: { used?: number; total?: number };
  ipv4: string[];
  mounts: Record<string, unknown>;
};

/** `multipass info NAME --format json`. */
export type MultipassInfoJson = { errors: unknown[]; info: Record<string, MultipassInfoEntry> };
