import { GolemError } from "@vm-on-golem/sdk/errors";
import { afterEach, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { captureApiLog, logLevels } from "../../test/support/api-log.ts";

let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

const failingInfo = (error: unknown) => async () => {
  throw error;
};

test("what nobody named is logged at error with its stack; the answer carries neither", async () => {
  const log = captureApiLog();
  h = await createApiHarness({
    logger: log.logger,
    providerInfo: failingInfo(new TypeError("cannot read /srv/golem/secret")),
  });
  const res = await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });
  expect(res.json().error.code).toBe("INTERNAL");
  expect(res.body).not.toContain("/srv");
  const [line] = log.errors();
  expect(line?.err?.stack).toContain("TypeError: cannot read /srv/golem/secret");
});

test("a 5xx this code named is logged at warn with its code and no stack", async () => {
  const log = captureApiLog();
  h = await createApiHarness({
    logger: log.logger,
    providerInfo: failingInfo(new GolemError("CHAIN_UNREACHABLE", "the RPC does not answer")),
  });
  const res = await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });
  expect(res.statusCode).toBe(503);
  expect(log.errors()).toEqual([]);
  expect(log.withStack()).toEqual([]);
  expect(log.lines.filter((l) => l.level === logLevels.warn)).toMatchObject([
    { code: "CHAIN_UNREACHABLE", msg: "the RPC does not answer" },
  ]);
});
