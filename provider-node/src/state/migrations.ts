/**
 * The database's schema, one entry per version; the index + 1 is `PRAGMA user_version`
 * after it ran. Append only: never edit a migration that has shipped.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE vms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    owner TEXT NOT NULL CHECK (owner = lower(owner)),
    status TEXT NOT NULL CHECK (status IN
      ('creating', 'starting', 'running', 'stopping', 'stopped', 'destroying', 'failed')),
    cpu INTEGER NOT NULL,
    memory_mib INTEGER NOT NULL,
    storage_gib INTEGER NOT NULL,
    ssh_port INTEGER NOT NULL,
    host_port INTEGER NOT NULL,
    ssh_public_key TEXT NOT NULL,
    cloud_init TEXT,
    stream_id TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner, name)
  ) STRICT;

  CREATE TABLE ports (
    port INTEGER PRIMARY KEY,
    vm_id TEXT NOT NULL REFERENCES vms (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'host'))
  ) STRICT;
  CREATE INDEX ports_vm_id ON ports (vm_id);

  -- No foreign key: the journal must outlive the VM row while a crashed create is undone.
  CREATE TABLE create_steps (
    vm_id TEXT NOT NULL,
    step TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('started', 'done')),
    undo TEXT,
    seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (vm_id, step)
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    address TEXT NOT NULL CHECK (address = lower(address)),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_expires_at ON sessions (expires_at);

  CREATE TABLE nonces (
    nonce TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  ) STRICT;
  CREATE INDEX nonces_expires_at ON nonces (expires_at);
  `,
  `
  CREATE TABLE offers (
    service_id TEXT PRIMARY KEY CHECK (service_id = lower(service_id)),
    requestor TEXT NOT NULL CHECK (requestor = lower(requestor)),
    body TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    used_by_vm TEXT,
    -- The stream that paid for the offer: kept after its VM is gone, so earnings can be withdrawn.
    stream_id TEXT
  ) STRICT;
  CREATE INDEX offers_expires_at ON offers (expires_at);
  -- One stream pays for one VM: a second VM on the same stream is refused by the database too.
  CREATE UNIQUE INDEX vms_stream_id ON vms (stream_id) WHERE stream_id IS NOT NULL;

  -- VMs the stream monitor stopped for lack of runway; only these does it start again.
  CREATE TABLE payment_pauses (
    vm_id TEXT PRIMARY KEY REFERENCES vms (id) ON DELETE CASCADE,
    paused_at INTEGER NOT NULL,
    reason TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- A pause now lasts from the first read that saw the stream below the stop threshold until a
  -- top-up restores the minimum runway, whoever stopped the VM; these say what the monitor
  -- needs to carry across restarts.
  -- Whether the monitor stopped the VM (only those does it start again); old rows: it did.
  ALTER TABLE payment_pauses ADD COLUMN stopped_by_monitor INTEGER NOT NULL DEFAULT 1
    CHECK (stopped_by_monitor IN (0, 1));
  -- Chain time (s) the stream was first seen depleted since the pause: the destroy grace runs
  -- from it, whatever small top-ups came later.
  ALTER TABLE payment_pauses ADD COLUMN depleted_at INTEGER;
  `,
  `
  -- Chain-read facts end a stream's part in withdrawals: once it is closed with nothing left to
  -- withdraw it can never pay again, and auto-withdraw stops reading it (its passes used to
  -- grow with every stream the node was ever paid through).
  ALTER TABLE offers ADD COLUMN stream_done_at INTEGER;
  CREATE INDEX offers_paying_streams ON offers (stream_id)
    WHERE stream_id IS NOT NULL AND stream_done_at IS NULL;
  `,
  `
  -- Published ports: a guest port (besides SSH) the node forwards from a public port of the
  -- SSH range, through a 127.0.0.1 host port when the driver forwards from the host. Both
  -- ports are rows of the VM like its SSH ports, with the guest port they lead to.
  ALTER TABLE ports ADD COLUMN guest_port INTEGER CHECK (guest_port BETWEEN 1 AND 65535);
  `,
  `
  -- Top-ups the stream monitor pulled from a stream's budget (topUpFromBudget) before it would
  -- have stopped the VM: the stream view says when and how much.
  CREATE TABLE budget_top_ups (
    id INTEGER PRIMARY KEY,
    vm_id TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    tx_hash TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX budget_top_ups_vm ON budget_top_ups (vm_id, at);
  `,
  `
  -- The public half of the SSH host keys the node made for the VM and gave its guest (a JSON
  -- list of OpenSSH public key lines); NULL for VMs made before the node pinned host keys.
  ALTER TABLE vms ADD COLUMN ssh_host_keys TEXT;
  `,
];
