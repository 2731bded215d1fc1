import type { DatabaseSync } from "node:sqlite";
import type { Address } from "viem";
import { inTransaction } from "./transaction.ts";

/** Lifecycle of a VM as the node reports it; `running` means SSH answered on the public port. */
export type VmRecordStatus =
  | "creating"
  | "starting"
  | "running"
  | "stopping"
  | "stopped"
  | "destroying"
  | "failed";

/** One VM row. */
export type VmRecord = {
  id: string;
  name: string;
  /** Lowercase address of the account that created the VM. */
  owner: Address;
  status: VmRecordStatus;
  cpu: number;
  memoryMib: number;
  storageGib: number;
  /** Public SSH port the node forwards. */
  sshPort: number;
  /** 127.0.0.1 port the driver forwards to the guest's port 22. */
  hostPort: number;
  /** Guest ports published besides SSH, by guest port; kept while the VM exists. */
  published: PublishedPort[];
  sshPublicKey: string;
  /**
   * Public key lines (`ssh-ed25519 AAAA…`) of the SSH host keys the node made for the VM; null
   * (or unset) for VMs made before host keys were pinned, whose guests made their own.
   */
  sshHostKeys?: string[] | null | undefined;
  cloudInit: string | null;
  /** StreamPayment stream id (decimal), once payments exist. */
  streamId: string | null;
  /** Why the VM failed or what the last transient problem was. */
  error: string | null;
  /** Unix time in ms. */
  createdAt: number;
  /** Unix time in ms. */
  updatedAt: number;
};

/** A guest port published on `publicPort` (via `hostPort` on 127.0.0.1 when the driver forwards from the host). */
export type PublishedPort = { guestPort: number; publicPort: number; hostPort: number };

/** What a port is used for: the public SSH port or the driver's 127.0.0.1 port. */
export type PortKind = "public" | "host";

type Row = Record<string, string | number | null>;

function toRecord(row: Row, published: PublishedPort[]): VmRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    owner: row.owner as Address,
    status: row.status as VmRecordStatus,
    cpu: row.cpu as number,
    memoryMib: row.memory_mib as number,
    storageGib: row.storage_gib as number,
    sshPort: row.ssh_port as number,
    hostPort: row.host_port as number,
    published,
    sshPublicKey: row.ssh_public_key as string,
    sshHostKeys:
      row.ssh_host_keys === null ? null : (JSON.parse(row.ssh_host_keys as string) as string[]),
    cloudInit: row.cloud_init as string | null,
    streamId: row.stream_id as string | null,
    error: row.error as string | null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

/**
 * Typed access to the `vms` and `ports` tables.
 *
 * @example
 * const vms = createVmStore(db);
 * vms.insertWithPorts(record);
 */
export function createVmStore(db: DatabaseSync) {
  const insertVm = db.prepare(`
    INSERT INTO vms (id, name, owner, status, cpu, memory_mib, storage_gib, ssh_port, host_port,
      ssh_public_key, ssh_host_keys, cloud_init, stream_id, error, created_at, updated_at)
    VALUES (:id, :name, :owner, :status, :cpu, :memoryMib, :storageGib, :sshPort, :hostPort,
      :sshPublicKey, :sshHostKeys, :cloudInit, :streamId, :error, :createdAt, :updatedAt)`);
  const insertPort = db.prepare(
    "INSERT INTO ports (port, vm_id, kind, guest_port) VALUES (?, ?, ?, ?)",
  );
  const selectPublished = db.prepare(`
    SELECT p.guest_port, p.port AS public_port, h.port AS host_port
    FROM ports p JOIN ports h ON h.vm_id = p.vm_id AND h.guest_port = p.guest_port AND h.kind = 'host'
    WHERE p.vm_id = ? AND p.kind = 'public' ORDER BY p.guest_port`);
  const publishedOf = (id: string): PublishedPort[] =>
    (selectPublished.all(id) as Row[]).map((row) => ({
      guestPort: row.guest_port as number,
      publicPort: row.public_port as number,
      hostPort: row.host_port as number,
    }));
  const recordOf = (row: Row) => toRecord(row, publishedOf(row.id as string));
  const selectOne = db.prepare("SELECT * FROM vms WHERE id = ?");
  const selectAll = db.prepare("SELECT * FROM vms ORDER BY created_at, id");
  const selectByOwner = db.prepare("SELECT * FROM vms WHERE owner = ? ORDER BY created_at, id");
  const selectByName = db.prepare("SELECT * FROM vms WHERE owner = ? AND name = ?");
  const updateStatus = db.prepare(
    "UPDATE vms SET status = ?, error = ?, updated_at = ? WHERE id = ?",
  );
  const deleteVm = db.prepare("DELETE FROM vms WHERE id = ?");
  const selectPorts = db.prepare("SELECT port, vm_id, kind FROM ports ORDER BY port");
  const deletePorts = db.prepare("DELETE FROM ports WHERE vm_id = ?");
  const selectReservations = db.prepare(`
    SELECT cpu, memory_mib, storage_gib FROM vms
    WHERE EXISTS (SELECT 1 FROM ports WHERE ports.vm_id = vms.id)`);

  return {
    /** Inserts a VM row and its public + host ports (SSH and published) in one transaction. */
    insertWithPorts(record: VmRecord): void {
      inTransaction(db, () => {
        const { published, sshHostKeys, ...row } = record;
        insertVm.run({
          ...row,
          owner: record.owner.toLowerCase(),
          sshHostKeys: sshHostKeys ? JSON.stringify(sshHostKeys) : null,
        });
        insertPort.run(record.sshPort, record.id, "public", null);
        insertPort.run(record.hostPort, record.id, "host", null);
        for (const p of published) {
          insertPort.run(p.publicPort, record.id, "public", p.guestPort);
          insertPort.run(p.hostPort, record.id, "host", p.guestPort);
        }
      });
    },
    /** The VM with `id`, or undefined. */
    get(id: string): VmRecord | undefined {
      const row = selectOne.get(id) as Row | undefined;
      return row && recordOf(row);
    },
    /** Every VM, oldest first; only `owner`'s when given. */
    list(owner?: Address): VmRecord[] {
      const rows = owner ? selectByOwner.all(owner.toLowerCase()) : selectAll.all();
      return (rows as Row[]).map(recordOf);
    },
    /** The VM `owner` named `name`, or undefined. */
    findByName(owner: Address, name: string): VmRecord | undefined {
      const row = selectByName.get(owner.toLowerCase(), name) as Row | undefined;
      return row && recordOf(row);
    },
    /** Sets a VM's status and error (null clears it); returns the updated row. */
    setStatus(id: string, status: VmRecordStatus, error: string | null = null, now = Date.now()) {
      updateStatus.run(status, error, now, id);
      return this.get(id);
    },
    /** Deletes a VM row; its ports go with it. */
    delete(id: string): void {
      deleteVm.run(id);
    },
    /** Frees a VM's ports but keeps its row (a failed create whose driver VM is gone). */
    releasePorts(id: string): void {
      deletePorts.run(id);
    },
    /** Resources of every VM that still holds ports (it exists, or may, in the driver). */
    reservations(): Array<{ cpu: number; memoryMib: number; storageGib: number }> {
      return (selectReservations.all() as Row[]).map((row) => ({
        cpu: row.cpu as number,
        memoryMib: row.memory_mib as number,
        storageGib: row.storage_gib as number,
      }));
    },
    /** Whether a VM holds ports. */
    holdsPorts(id: string): boolean {
      return this.ports().some((p) => p.vmId === id);
    },
    /** Every allocated port with its VM and kind. */
    ports(): Array<{ port: number; vmId: string; kind: PortKind }> {
      return (selectPorts.all() as Row[]).map((row) => ({
        port: row.port as number,
        vmId: row.vm_id as string,
        kind: row.kind as PortKind,
      }));
    },
  };
}

/** The store returned by {@link createVmStore}. */
export type VmStore = ReturnType<typeof createVmStore>;
