import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createRotatingFile } from "./rotating-file.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rotating-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sizes = async () =>
  Object.fromEntries(
    await Promise.all(
      (await readdir(dir)).map(async (name) => [name, (await stat(join(dir, name))).size] as const),
    ),
  );

test("a flood of records never takes a file past its cap, and only `keep` old files stay", async () => {
  const path = join(dir, "provider.log");
  const maxBytes = 64 * 1024;
  const file = createRotatingFile({ path, maxBytes, keep: 2 });
  const record = (i: number) => `${JSON.stringify({ level: "info", i, msg: "host full" })}\n`;
  for (let i = 0; i < 50_000; i++) file.write(record(i));
  file.close();
  const files = await sizes();
  expect(Object.keys(files).sort()).toEqual(["provider.log", "provider.log.1", "provider.log.2"]);
  for (const size of Object.values(files)) expect(size).toBeLessThanOrEqual(maxBytes);
  // Rotated full: a file is closed only when the next record would not fit.
  expect(files["provider.log.1"]).toBeGreaterThan(maxBytes - record(49_999).length);
  // The newest record is the current file's last line; the order runs .2 → .1 → current.
  const current = (await readFile(path, "utf8")).trimEnd().split("\n");
  expect(JSON.parse(current.at(-1) as string).i).toBe(49_999);
  const older = (await readFile(`${path}.1`, "utf8")).trimEnd().split("\n");
  expect(JSON.parse(older.at(-1) as string).i).toBe(JSON.parse(current[0] as string).i - 1);
});

test("appends to the file a previous run left and counts its size", async () => {
  const path = join(dir, "provider.log");
  const first = createRotatingFile({ path, maxBytes: 100, keep: 1 });
  first.write(`${"a".repeat(59)}\n`);
  first.close();
  const second = createRotatingFile({ path, maxBytes: 100, keep: 1 });
  second.write(`${"b".repeat(59)}\n`);
  second.close();
  expect(await readFile(`${path}.1`, "utf8")).toBe(`${"a".repeat(59)}\n`);
  expect(await readFile(path, "utf8")).toBe(`${"b".repeat(59)}\n`);
});

test("a record larger than the cap gets a file of its own", async () => {
  const path = join(dir, "provider.log");
  const file = createRotatingFile({ path, maxBytes: 100, keep: 3 });
  file.write("small\n");
  file.write(`${"x".repeat(300)}\n`);
  file.write("after\n");
  file.close();
  expect(await readFile(`${path}.2`, "utf8")).toBe("small\n");
  expect((await stat(`${path}.1`)).size).toBe(301);
  expect(await readFile(path, "utf8")).toBe("after\n");
});
