import type { DatabaseSync } from "node:sqlite";

/** The steps of a VM create, in order; each is journaled before and after it runs. */
export type CreateStep = "reserve" | "driver-create" | "forward";

/** One journal entry: a step that started, or finished, for one VM. */
export type CreateStepEntry = {
  vmId: string;
  step: CreateStep;
  status: "started" | "done";
  /** What undoing the step needs (JSON), e.g. the ports it reserved. */
  undo: unknown;
};

/**
 * The create journal: every create step is written `started` before it runs and `done`
 * after, so a node that crashed part-way knows at its next start which VMs were half
 * made and what to undo. A finished create clears its entries.
 *
 * @example
 * journal.start(id, "driver-create");
 * await driver.create(spec);
 * journal.done(id, "driver-create");
 */
export function createCreateJournal(db: DatabaseSync) {
  const upsert = db.prepare(`
    INSERT INTO create_steps (vm_id, step, status, undo, seq, updated_at)
    VALUES (?, ?, ?, ?, (SELECT count(*) FROM create_steps WHERE vm_id = ?), ?)
    ON CONFLICT (vm_id, step) DO UPDATE SET status = excluded.status,
      undo = coalesce(excluded.undo, undo), updated_at = excluded.updated_at`);
  const selectAll = db.prepare(
    "SELECT vm_id, step, status, undo FROM create_steps ORDER BY vm_id, seq",
  );
  const clearOne = db.prepare("DELETE FROM create_steps WHERE vm_id = ?");

  const write = (vmId: string, step: CreateStep, status: "started" | "done", undo?: unknown) => {
    const json = undo === undefined ? null : JSON.stringify(undo);
    upsert.run(vmId, step, status, json, vmId, Date.now());
  };

  return {
    /** Records that `step` is about to run. */
    start(vmId: string, step: CreateStep, undo?: unknown): void {
      write(vmId, step, "started", undo);
    },
    /** Records that `step` finished. */
    done(vmId: string, step: CreateStep, undo?: unknown): void {
      write(vmId, step, "done", undo);
    },
    /** Forgets a VM's entries: its create finished or was undone. */
    clear(vmId: string): void {
      clearOne.run(vmId);
    },
    /** Entries of unfinished creates, grouped by VM, in the order the steps started. */
    unfinished(): Map<string, CreateStepEntry[]> {
      const byVm = new Map<string, CreateStepEntry[]>();
      for (const row of selectAll.all() as Array<Record<string, string | null>>) {
        const entry: CreateStepEntry = {
          vmId: row.vm_id as string,
          step: row.step as CreateStep,
          status: row.status as "started" | "done",
          undo: row.undo === null ? undefined : JSON.parse(row.undo as string),
        };
        const list = byVm.get(entry.vmId) ?? [];
        list.push(entry);
        byVm.set(entry.vmId, list);
      }
      return byVm;
    },
  };
}

/** The journal returned by {@link createCreateJournal}. */
export type CreateJournal = ReturnType<typeof createCreateJournal>;
