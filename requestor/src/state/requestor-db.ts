import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** A VM this requestor rented, as recorded locally. */
export type VmRow = {
  name: string;
  providerId: string;
  providerApiUrl: string;
  vmId: string;
  /** Decimal stream id, or null before a stream is attached. */
  streamId: string | null;
  sshHost: string;
  sshPort: number;
  status: string;
  cpu: number | null;
  memoryGiB: number | null;
  storageGiB: number | null;
  /** Unix milliseconds. */
  createdAt: number;
  /** The identity `ssh -i` uses (`vm create --ssh-key`); null or absent: the key in `<home>/ssh`. */
  sshKeyPath?: string | null | undefined;
};

/** A stream this requestor opened, as recorded locally (the chain holds the truth). */
export type StreamRow = {
  chainId: number;
  /** Decimal stream id. */
  streamId: string;
  contract: string;
  recipient: string;
  /** Base units per second, decimal. */
  ratePerSecond: string;
  vmName: string | null;
  txHash: string | null;
  createdAt: number;
};

/** A provider seen by discovery or rented from. */
export type ProviderRow = {
  id: string;
  apiUrl: string;
  country: string | null;
  /** Unix milliseconds. */
  lastSeen: number;
};

/** A provider's signed offer this requestor paid (or is about to pay) for, keyed by its hash. */
export type OfferRow = {
  /** `hashTypedData(offer)`: the serviceId of the stream that pays for it. */
  serviceId: string;
  providerId: string;
  /** `SignedOfferJson` as JSON text. */
  offerJson: string;
  /** Unix milliseconds. */
  createdAt: number;
};

/** The requestor's local SQLite state; see {@link openRequestorDb}. */
export type RequestorDb = {
  upsertVm(vm: VmRow): void;
  getVm(name: string): VmRow | undefined;
  listVms(): VmRow[];
  deleteVm(name: string): void;
  insertStream(stream: StreamRow): void;
  listStreams(chainId: number): StreamRow[];
  upsertProvider(provider: ProviderRow): void;
  getProvider(id: string): ProviderRow | undefined;
  saveOffer(offer: OfferRow): void;
  getOffer(serviceId: string): OfferRow | undefined;
  close(): void;
};

const schema = `
CREATE TABLE IF NOT EXISTS vms (
  name TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL,
  provider_api_url TEXT NOT NULL,
  vm_id TEXT NOT NULL,
  stream_id TEXT,
  ssh_host TEXT NOT NULL,
  ssh_port INTEGER NOT NULL,
  status TEXT NOT NULL,
  cpu INTEGER,
  memory_gib REAL,
  storage_gib INTEGER,
  created_at INTEGER NOT NULL,
  ssh_key_path TEXT
);
CREATE TABLE IF NOT EXISTS streams (
  chain_id INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  contract TEXT NOT NULL,
  recipient TEXT NOT NULL,
  rate_per_second TEXT NOT NULL,
  vm_name TEXT,
  tx_hash TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (chain_id, contract, stream_id)
);
CREATE TABLE IF NOT EXISTS providers (
  id TEXT PRIMARY KEY,
  api_url TEXT NOT NULL,
  country TEXT,
  last_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS offers (
  service_id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL,
  offer_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

type Row = Record<string, string | number | null>;

const toVm = (r: Row): VmRow => ({
  name: String(r.name),
  providerId: String(r.provider_id),
  providerApiUrl: String(r.provider_api_url),
  vmId: String(r.vm_id),
  streamId: r.stream_id === null ? null : String(r.stream_id),
  sshHost: String(r.ssh_host),
  sshPort: Number(r.ssh_port),
  status: String(r.status),
  cpu: r.cpu === null ? null : Number(r.cpu),
  memoryGiB: r.memory_gib === null ? null : Number(r.memory_gib),
  storageGiB: r.storage_gib === null ? null : Number(r.storage_gib),
  createdAt: Number(r.created_at),
  ...(typeof r.ssh_key_path === "string" && { sshKeyPath: r.ssh_key_path }),
});

const toStream = (r: Row): StreamRow => ({
  chainId: Number(r.chain_id),
  streamId: String(r.stream_id),
  contract: String(r.contract),
  recipient: String(r.recipient),
  ratePerSecond: String(r.rate_per_second),
  vmName: r.vm_name === null ? null : String(r.vm_name),
  txHash: r.tx_hash === null ? null : String(r.tx_hash),
  createdAt: Number(r.created_at),
});

/**
 * Columns added after the first release: older databases get them on open. The check and the
 * ALTER run in one write transaction, so CLI processes opening an old database at the same time
 * (each waits for the others under busy_timeout) add each column once.
 */
function addMissingColumns(db: DatabaseSync): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const vmColumns = db.prepare("PRAGMA table_info(vms)").all() as { name: string }[];
    if (!vmColumns.some((column) => column.name === "ssh_key_path")) {
      db.exec("ALTER TABLE vms ADD COLUMN ssh_key_path TEXT");
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * Opens (creating when needed) `<home>/requestor.db` with WAL: VMs, streams, providers.
 *
 * @example
 * const db = openRequestorDb(config.home);
 * db.getVm("web-1");
 */
export function openRequestorDb(home: string, fileName = "requestor.db"): RequestorDb {
  const db = new DatabaseSync(join(home, fileName));
  // busy_timeout first: switching to WAL itself waits for other processes opening the db.
  db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;");
  db.exec(schema);
  addMissingColumns(db);
  const upsertVm = db.prepare(`INSERT INTO vms (name, provider_id, provider_api_url, vm_id,
      stream_id, ssh_host, ssh_port, status, cpu, memory_gib, storage_gib, created_at, ssh_key_path)
    VALUES (:name, :providerId, :providerApiUrl, :vmId, :streamId, :sshHost, :sshPort, :status,
      :cpu, :memoryGiB, :storageGiB, :createdAt, :sshKeyPath)
    ON CONFLICT(name) DO UPDATE SET provider_id = excluded.provider_id,
      provider_api_url = excluded.provider_api_url, vm_id = excluded.vm_id,
      stream_id = excluded.stream_id, ssh_host = excluded.ssh_host, ssh_port = excluded.ssh_port,
      status = excluded.status, cpu = excluded.cpu, memory_gib = excluded.memory_gib,
      storage_gib = excluded.storage_gib, ssh_key_path = excluded.ssh_key_path`);
  const getVm = db.prepare("SELECT * FROM vms WHERE name = ?");
  const listVms = db.prepare("SELECT * FROM vms ORDER BY created_at, name");
  const deleteVm = db.prepare("DELETE FROM vms WHERE name = ?");
  const insertStream = db.prepare(`INSERT OR REPLACE INTO streams VALUES
    (:chainId, :streamId, :contract, :recipient, :ratePerSecond, :vmName, :txHash, :createdAt)`);
  const listStreams = db.prepare(
    "SELECT * FROM streams WHERE chain_id = ? ORDER BY created_at, CAST(stream_id AS INTEGER)",
  );
  const upsertProvider =
    db.prepare(`INSERT INTO providers VALUES (:id, :apiUrl, :country, :lastSeen)
    ON CONFLICT(id) DO UPDATE SET api_url = excluded.api_url, country = excluded.country,
      last_seen = excluded.last_seen`);
  const getProvider = db.prepare("SELECT * FROM providers WHERE id = ?");
  const saveOffer = db.prepare(
    "INSERT OR REPLACE INTO offers VALUES (:serviceId, :providerId, :offerJson, :createdAt)",
  );
  const getOffer = db.prepare("SELECT * FROM offers WHERE service_id = ?");
  return {
    upsertVm: (vm) => void upsertVm.run({ ...vm, sshKeyPath: vm.sshKeyPath ?? null }),
    getVm(name) {
      const row = getVm.get(name) as Row | undefined;
      return row && toVm(row);
    },
    listVms: () => (listVms.all() as Row[]).map(toVm),
    deleteVm: (name) => void deleteVm.run(name),
    insertStream: (stream) => void insertStream.run(stream),
    listStreams: (chainId) => (listStreams.all(chainId) as Row[]).map(toStream),
    upsertProvider: (provider) => void upsertProvider.run(provider),
    getProvider(id) {
      const row = getProvider.get(id) as Row | undefined;
      return (
        row && {
          id: String(row.id),
          apiUrl: String(row.api_url),
          country: row.country === null ? null : String(row.country),
          lastSeen: Number(row.last_seen),
        }
      );
    },
    saveOffer: (offer) =>
      void saveOffer.run({ ...offer, serviceId: offer.serviceId.toLowerCase() }),
    getOffer(serviceId) {
      const row = getOffer.get(serviceId.toLowerCase()) as Row | undefined;
      return (
        row && {
          serviceId: String(row.service_id),
          providerId: String(row.provider_id),
          offerJson: String(row.offer_json),
          createdAt: Number(row.created_at),
        }
      );
    },
    close: () => db.close(),
  };
}
