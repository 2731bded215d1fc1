import type { DatabaseSync } from "node:sqlite";
import type { PaymentPause } from "./decide-stream-action.ts";

type PauseRow = { stopped_by_monitor: number; depleted_at: number | null };

/**
 * The `payment_pauses` table: per VM, whether its stream is below the stop threshold and not
 * yet restored, whether the monitor stopped it, and when the stream was first seen depleted.
 * Kept in the database so a node restart resumes the grace where it was.
 *
 * @example const pauses = createPaymentPauseStore(db); pauses.put(vmId, pause, Date.now(), why);
 */
export function createPaymentPauseStore(db: DatabaseSync) {
  const select = db.prepare(
    "SELECT stopped_by_monitor, depleted_at FROM payment_pauses WHERE vm_id = ?",
  );
  const insert = db.prepare(
    `INSERT INTO payment_pauses (vm_id, paused_at, reason, stopped_by_monitor, depleted_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (vm_id) DO UPDATE SET
       stopped_by_monitor = excluded.stopped_by_monitor, depleted_at = excluded.depleted_at`,
  );
  const remove = db.prepare("DELETE FROM payment_pauses WHERE vm_id = ?");
  return {
    /** The VM's pause, or null when its stream pays. */
    get(vmId: string): PaymentPause | null {
      const row = select.get(vmId) as PauseRow | undefined;
      if (!row) return null;
      return {
        stoppedByMonitor: row.stopped_by_monitor === 1,
        depletedAt: row.depleted_at === null ? null : BigInt(row.depleted_at),
      };
    },
    /** Records `pause` (null: the stream pays again); the first pause keeps its time and reason. */
    put(vmId: string, pause: PaymentPause | null, nowMs: number, reason: string): void {
      if (pause === null) {
        remove.run(vmId);
        return;
      }
      const depletedAt = pause.depletedAt === null ? null : Number(pause.depletedAt);
      insert.run(vmId, nowMs, reason, pause.stoppedByMonitor ? 1 : 0, depletedAt);
    },
  };
}

/** The store returned by {@link createPaymentPauseStore}. */
export type PaymentPauseStore = ReturnType<typeof createPaymentPauseStore>;
