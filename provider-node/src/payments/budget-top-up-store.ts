import type { DatabaseSync } from "node:sqlite";

/** One top-up the monitor pulled from a stream's budget. */
export type BudgetTopUp = {
  vmId: string;
  streamId: string;
  /** Token base units pulled into the stream. */
  amount: bigint;
  /** The topUpFromBudget transaction. */
  txHash: string;
  /** Unix ms it was confirmed. */
  at: number;
};

type Row = { vm_id: string; stream_id: string; amount: string; tx_hash: string; at: number };

/**
 * The `budget_top_ups` table: every top-up the stream monitor pulled from a stream's budget,
 * so the stream view (API and `golem-provider streams show`) can say when and how much.
 *
 * @example const store = createBudgetTopUpStore(db); store.record({ vmId, streamId, amount, txHash, at: Date.now() });
 */
export function createBudgetTopUpStore(db: DatabaseSync) {
  const insert = db.prepare(
    "INSERT INTO budget_top_ups (vm_id, stream_id, amount, tx_hash, at) VALUES (?, ?, ?, ?, ?)",
  );
  const last = db.prepare(
    "SELECT vm_id, stream_id, amount, tx_hash, at FROM budget_top_ups WHERE vm_id = ? ORDER BY at DESC, id DESC LIMIT 1",
  );
  return {
    record(topUp: BudgetTopUp): void {
      insert.run(topUp.vmId, topUp.streamId, topUp.amount.toString(), topUp.txHash, topUp.at);
    },
    /** The VM's latest budget top-up, or null when there was none. */
    last(vmId: string): BudgetTopUp | null {
      const row = last.get(vmId) as Row | undefined;
      if (!row) return null;
      return {
        vmId: row.vm_id,
        streamId: row.stream_id,
        amount: BigInt(row.amount),
        txHash: row.tx_hash,
        at: row.at,
      };
    },
  };
}

/** The store returned by {@link createBudgetTopUpStore}. */
export type BudgetTopUpStore = ReturnType<typeof createBudgetTopUpStore>;
