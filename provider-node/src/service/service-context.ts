import type { DatabaseSync } from "node:sqlite";
import type { ForwardTable } from "../net/forward-table.ts";
import type { PortPool } from "../net/port-pool.ts";
import type { StreamSettlement } from "../payments/settle-vm-stream.ts";
import type { CreateJournal } from "../state/create-journal.ts";
import type { VmRecord, VmStore } from "../state/vm-store.ts";
import type { VmDriver } from "../vm/driver.ts";
import type { HostKeyStore } from "../vm/host-keys.ts";
import type { KeyedQueue } from "./keyed-queue.ts";

/** A point in a VM create where tests may stop the node dead (a simulated crash). */
export type CreateCheckpoint =
  | "before-reserve"
  | "after-reserve"
  | "before-driver-create"
  | "after-driver-create"
  | "before-forward"
  | "after-forward"
  | "before-mark-starting";

/** Test hooks of the VM service; production leaves them out. */
export type VmServiceHooks = {
  /**
   * Awaited at each checkpoint of a create. A test that returns a promise that never
   * settles freezes the create there, as a crash would: nothing after it runs, no undo.
   */
  checkpoint?: (vmId: string, point: CreateCheckpoint) => Promise<void> | void;
};

/** What the service's parts share. */
export type VmServiceContext = {
  db: DatabaseSync;
  vms: VmStore;
  journal: CreateJournal;
  driver: VmDriver;
  /** Where the node makes and keeps its VMs' SSH host keys; unset: guests make their own (not pinned). */
  hostKeys: HostKeyStore | undefined;
  ports: PortPool;
  forwards: ForwardTable;
  /** Serializes operations per VM id. */
  queue: KeyedQueue;
  /** Address the public SSH ports are reached at from this host, for banner checks. */
  bannerHost: string;
  bannerTimeoutMs: number;
  /** Banner watchers by VM id; aborting one stops its wait. */
  watchers: Map<string, AbortController>;
  /** Background work (banner watches, creates) that close() waits for. */
  tasks: Set<Promise<unknown>>;
  /** Aborted when the service closes. */
  shutdown: AbortSignal;
  hooks: VmServiceHooks;
  /** With payments on: checks on chain that a paid VM may start (throws its code when not). */
  checkStart: ((vm: VmRecord) => Promise<void>) | undefined;
  /** Closes a paid VM's stream before it is destroyed; absent when payments are off. */
  settle: ((vm: VmRecord) => Promise<StreamSettlement | undefined>) | undefined;
  log: (line: string) => void;
  now: () => number;
};
