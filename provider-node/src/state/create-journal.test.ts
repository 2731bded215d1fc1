import { describe, expect, test } from "vitest";
import { createCreateJournal } from "./create-journal.ts";
import { openDatabase } from "./open-database.ts";

describe("createCreateJournal", () => {
  test("keeps steps in start order with their undo data until cleared", () => {
    const journal = createCreateJournal(openDatabase(":memory:"));
    journal.start("vm-1", "reserve", { ports: [1, 2] });
    journal.done("vm-1", "reserve");
    journal.start("vm-1", "driver-create");
    journal.start("vm-2", "reserve");
    const unfinished = journal.unfinished();
    expect(unfinished.get("vm-1")).toEqual([
      { vmId: "vm-1", step: "reserve", status: "done", undo: { ports: [1, 2] } },
      { vmId: "vm-1", step: "driver-create", status: "started", undo: undefined },
    ]);
    journal.clear("vm-1");
    expect([...journal.unfinished().keys()]).toEqual(["vm-2"]);
  });
});
