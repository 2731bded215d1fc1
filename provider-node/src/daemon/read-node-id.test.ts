import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, beforeEach, expect, test } from "vitest";
import { readNodeId } from "./read-node-id.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "node-id-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("is made once (0600), then the same for the data directory; another data directory gets another", async () => {
  const dataDir = join(dir, "a");
  const [first, racing] = await Promise.all([readNodeId(dataDir), readNodeId(dataDir)]);
  expect(first).toMatch(/^[0-9a-f]{8}$/);
  expect(racing).toBe(first);
  expect(await readNodeId(dataDir)).toBe(first);
  expect((await stat(join(dataDir, "node-id"))).mode & 0o777).toBe(0o600);
  expect(await readNodeId(join(dir, "b"))).not.toBe(first);
});

test("a file that holds anything but 8 hex digits is CONFIG_INVALID, and is left as it is", async () => {
  await writeFile(join(dir, "node-id"), "../../etc\n");
  const error = await golemRejection(readNodeId(dir));
  expect(error.code).toBe("CONFIG_INVALID");
  expect(await readFile(join(dir, "node-id"), "utf8")).toBe("../../etc\n");
});
