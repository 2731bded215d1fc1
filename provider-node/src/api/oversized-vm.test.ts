import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { captureApiLog, logLevels } from "../../test/support/api-log.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { randomAccount } from "../../test/support/siwe.ts";

// The test host has 8 CPUs, 16 GiB and 200 GiB (thresholds 1), and the TEST-ONLY fake driver:
// no VM may be made here.
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host";

describe("attack: asking again and again for a VM larger than the whole provider", () => {
  test("POST /api/v1/offers with cpu 256 is VM_TOO_LARGE (400) with the maximum in the hint, signs nothing and logs nothing above info", async () => {
    const log = captureApiLog();
    h = await createApiHarness({ paymentSettings: chain.settings(), logger: log.logger });
    const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
    for (let i = 0; i < 20; i++) {
      const res = await h.app.inject({
        method: "POST",
        url: "/api/v1/offers",
        headers: { host: testHost, authorization },
        payload: { cpu: 256, memoryGiB: 1, storageGiB: 2 },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({
        code: "VM_TOO_LARGE",
        hints: [expect.stringContaining("at most 8 CPUs, 16 GiB memory and 200 GiB disk")],
        details: { maximum: { cpu: 8, memoryGiB: 16, storageGiB: 200 } },
      });
    }
    expect(h.db.prepare("SELECT count(*) AS n FROM offers").get()).toEqual({ n: 0 });
    expect(log.lines.filter((line) => line.level > logLevels.info)).toEqual([]);
    expect(log.withStack()).toEqual([]);
  });

  test("POST /api/v1/vms with more memory than the host has is VM_TOO_LARGE and creates nothing", async () => {
    const log = captureApiLog();
    h = await createApiHarness({ logger: log.logger });
    const { authorization } = await h.signIn(randomAccount());
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers: { host: testHost, authorization },
      payload: { name: "big", cpu: 1, memoryGiB: 4096, storageGiB: 2, sshPublicKey },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe("VM_TOO_LARGE");
    expect(h.service.listVms()).toEqual([]);
    expect(h.driver.states()).toEqual({});
    expect(log.lines.filter((line) => line.level > logLevels.info)).toEqual([]);
  });

  test("a VM that fits the provider but not what is free now stays RESOURCES_EXHAUSTED, logged without a stack", async () => {
    const log = captureApiLog();
    h = await createApiHarness({ logger: log.logger });
    const { authorization } = await h.signIn(randomAccount());
    const create = (name: string) =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/vms",
        headers: { host: testHost, authorization },
        payload: { name, cpu: 6, memoryGiB: 1, storageGiB: 2, sshPublicKey },
      });
    expect((await create("first")).statusCode).toBe(202);
    const second = await create("second");
    expect(second.statusCode, second.body).toBe(503);
    expect(second.json().error.code).toBe("RESOURCES_EXHAUSTED");
    expect(log.errors()).toEqual([]);
    expect(log.withStack()).toEqual([]);
  });
});
