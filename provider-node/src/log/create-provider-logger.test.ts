import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { createProviderLogger } from "./create-provider-logger.ts";

let dir: string;
let h: ApiHarness | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "provider-logger-"));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await rm(dir, { recursive: true, force: true });
});

const collector = () => {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stdout: { write: (line: string) => void lines.push(JSON.parse(line)) } };
};

const fullNode = () => async () => {
  throw new GolemError("RESOURCES_EXHAUSTED", "this node has no room for another VM");
};

test("the API through the node's logger: a full node at info with no stack, a bad request at debug, a crash at error with its stack; no request lines", async () => {
  const out = collector();
  const { logger } = await createProviderLogger({
    level: "debug",
    file: "",
    maxFileBytes: 65_536,
    keepFiles: 1,
    stdout: out.stdout,
  });
  h = await createApiHarness({ logger, providerInfo: fullNode() });
  expect((await h.app.inject({ method: "GET", url: "/api/v1/provider/info" })).statusCode).toBe(
    503,
  );
  const bad = await h.app.inject({ method: "POST", url: "/api/v1/offers", payload: { cpu: -1 } });
  expect(bad.statusCode).toBeGreaterThanOrEqual(400);
  expect(bad.statusCode).toBeLessThan(500);
  await h.close();
  h = await createApiHarness({
    logger,
    providerInfo: async () => {
      throw new TypeError("boom");
    },
  });
  await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });

  const byLevel = (level: string) => out.lines.filter((line) => line.level === level);
  expect(byLevel("info")).toMatchObject([{ code: "RESOURCES_EXHAUSTED", part: "api" }]);
  expect(byLevel("debug").map((line) => line.code)).toContain(bad.json().error.code);
  expect(byLevel("error")).toHaveLength(1);
  expect(JSON.stringify(byLevel("error")[0])).toContain("TypeError: boom");
  const stacks = out.lines.filter((line) => JSON.stringify(line).includes("    at "));
  expect(stacks).toEqual(byLevel("error"));
  expect(out.lines.some((line) => line.msg === "incoming request")).toBe(false);
});

test("at info, debug lines are not written; secrets in fields are redacted", async () => {
  const out = collector();
  const { logger, log } = await createProviderLogger({
    level: "info",
    file: "",
    maxFileBytes: 65_536,
    keepFiles: 1,
    stdout: out.stdout,
  });
  const privateKey = `0x${"ab".repeat(32)}`;
  logger.debug("not written");
  log("a plain fact");
  logger.warn({ privateKey, wallet: { privateKey }, headers: { authorization: "Bearer s" } }, "x");
  expect(out.lines.map((line) => [line.level, line.msg])).toEqual([
    ["info", "a plain fact"],
    ["warn", "x"],
  ]);
  const text = JSON.stringify(out.lines);
  expect(text).not.toContain(privateKey);
  expect(text).not.toContain("Bearer s");
  expect(out.lines[1]).toMatchObject({
    privateKey: "[redacted]",
    wallet: { privateKey: "[redacted]" },
  });
});

test("to a file: a flood of refusals keeps the log within keepFiles + 1 files of maxFileBytes", async () => {
  const file = join(dir, "provider.log");
  const maxFileBytes = 65_536;
  const logging = await createProviderLogger({ level: "info", file, maxFileBytes, keepFiles: 3 });
  for (let i = 0; i < 20_000; i++) {
    logging.logger.info({ code: "RESOURCES_EXHAUSTED", i }, "this node has no room for another VM");
  }
  await logging.close();
  const names = await readdir(dir);
  expect(names.sort()).toEqual([
    "provider.log",
    "provider.log.1",
    "provider.log.2",
    "provider.log.3",
  ]);
  for (const name of names) {
    expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(maxFileBytes);
  }
  const last = (await readFile(file, "utf8")).trimEnd().split("\n").at(-1) as string;
  expect(JSON.parse(last)).toMatchObject({ level: "info", i: 19_999, code: "RESOURCES_EXHAUSTED" });
});
