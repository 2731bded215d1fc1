import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ephemeralPortsIn, readEphemeralPorts } from "./ephemeral-ports.ts";

describe("readEphemeralPorts", () => {
  test("reads the range and the reserved ports the way Linux writes them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ephemeral-"));
    try {
      await writeFile(join(dir, "ip_local_port_range"), "32768\t60999\n");
      await writeFile(join(dir, "ip_local_reserved_ports"), "8080,50800-50849\n");
      expect(await readEphemeralPorts(dir)).toEqual({
        range: { start: 32_768, end: 61_000 },
        reserved: [
          { start: 8080, end: 8081 },
          { start: 50_800, end: 50_850 },
        ],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("this host's own values, and nothing where there is no such file", async () => {
    const own = await readEphemeralPorts();
    expect(own?.range.start).toBeLessThan(own?.range.end ?? 0);
    expect(await readEphemeralPorts("/nonexistent")).toBeUndefined();
  });
});

describe("ephemeralPortsIn", () => {
  const ephemeral = {
    range: { start: 32_768, end: 61_000 },
    reserved: [{ start: 50_800, end: 50_850 }],
  };
  test("only ports inside the ephemeral range and not reserved", () => {
    expect(ephemeralPortsIn({ start: 22_800, end: 22_900 }, ephemeral)).toEqual([]);
    expect(ephemeralPortsIn({ start: 50_800, end: 50_900 }, ephemeral)).toHaveLength(50);
    expect(ephemeralPortsIn({ start: 60_990, end: 61_010 }, ephemeral)).toEqual([
      60_990, 60_991, 60_992, 60_993, 60_994, 60_995, 60_996, 60_997, 60_998, 60_999,
    ]);
  });
});
