import { homedir } from "node:os";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  type FuzzRequest,
  fuzzRequestPlan,
} from "../../../scripts/lib/openapi-fuzz/fuzz-request-plan.ts";
import { operationsOf } from "../../../scripts/lib/openapi-fuzz/openapi-operations.ts";
import type { FuzzResponse } from "../../../scripts/lib/openapi-fuzz/response-problems.ts";
import { type ApiFuzzReport, runApiFuzz } from "../../../scripts/lib/openapi-fuzz/run-api-fuzz.ts";
import { sendOverHttp } from "../../../scripts/lib/openapi-fuzz/send-over-http.ts";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { captureApiLog } from "../../test/support/api-log.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";

// The provider API fuzzed from its own OpenAPI document (GET /docs/json), seeded. A real local
// chain with the real contracts, real SIWE sessions of a requestor with real streams, a real
// paid create with hostile values; the VM driver is the TEST-ONLY fake one. The host is sized so
// that no request the schemas allow can find the node full: every 5xx is a bug.
// Reproduce a run: GOLEM_FUZZ_SEED=<printed seed> GOLEM_FUZZ_RUNS=<n> npx vitest run <this file>
const seed = Number(process.env.GOLEM_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(process.env.GOLEM_FUZZ_RUNS ?? 5_000);
const httpRuns = Math.ceil(runs / 10);
const paidStreams = 4;

let chain: PaidChain;
let h: ApiHarness;
const log = captureApiLog("warn");
let authorizations: Array<string | undefined>;
let validCreates: unknown[];
let streamIds: string[];

const sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host";
const call = (method: "GET" | "POST", url: string, authorization: string, payload?: object) =>
  h.app.inject({
    method,
    url,
    headers: { host: testHost, authorization },
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  chain = await createPaidChain();
  h = await createApiHarness({
    paymentSettings: chain.settings({ maxOpenOffersPerRequestor: 40 }),
    host: { cpu: 1_024, memoryMib: 8_192 * 1024, storageGib: 200_000 },
    policy: { maxVms: 20 },
    api: {
      corsOrigins: ["https://dapp.example"],
      authRateLimitPerMinute: 300,
      offerRateLimitPerMinute: 60,
      offerRateLimitPerMinutePerIp: 200,
    },
    logger: log.logger,
  });
  const requestor = (await h.signIn(siweSignerOf(chain.requestor))).authorization;
  const stranger = (await h.signIn(siweSignerOf(chain.stranger))).authorization;
  authorizations = [
    undefined,
    requestor,
    requestor,
    requestor,
    requestor,
    stranger,
    `Bearer ${"0".repeat(64)}`,
    "Bearer garbage",
    "Basic dXNlcjpwYXNz",
    `Bearer ${"a".repeat(5_000)}`,
  ];
  // Real offers paid by real streams: the bases of the paid creates the fuzzer makes hostile.
  validCreates = [];
  streamIds = [];
  for (let i = 0; i < paidStreams; i++) {
    const quoted = await call("POST", "/api/v1/offers", requestor, {
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
    });
    expect(quoted.statusCode, quoted.body).toBe(201);
    const offer = quoted.json();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: BigInt(offer.offer.ratePerSecond),
      seconds: 7_200n,
      serviceId: offer.serviceId,
    });
    streamIds.push(streamId);
    validCreates.push({
      name: `paid-${i}`,
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey,
      offer: { offer: offer.offer, signature: offer.signature },
      streamId,
    });
  }
}, 180_000);
afterAll(async () => {
  await h?.close();
});

// Every answer of the provider, success or failure, is held to these: its callers are remote.
const rules = () => ({
  hostPaths: [process.cwd(), h.dir, homedir()].filter((p) => p.length > 1),
});
// Ids shaped like the node's own that name no VM.
const pools = { id: ["vm-000000000000", "vm-0123456789ab", "vm-ffffffffffff"] };

function expectClean(report: ApiFuzzReport, label: string) {
  console.log(
    `${label}: seed ${seed}, ${report.sent} sent in ${report.durationMs} ms (${report.unsendable} the client refused), status ${JSON.stringify(report.byStatus)}, codes ${JSON.stringify(report.byCode)}`,
  );
  expect(report.problems, `seed ${seed}: ${JSON.stringify(report.problems, null, 1)}`).toEqual([]);
  expect(log.errors(), `seed ${seed}`).toEqual([]);
  expect(log.withStack(), `seed ${seed}`).toEqual([]);
}

function expectNoMoneyMisused() {
  const vms = h.service.listVms();
  const paid = vms.filter((vm) => vm.streamId !== null);
  // Every VM is paid by one of the requestor's real streams, each stream at most once.
  expect(paid.length).toBe(vms.length);
  expect(new Set(paid.map((vm) => vm.streamId)).size).toBe(paid.length);
  for (const vm of paid) expect(streamIds).toContain(vm.streamId);
  expect(vms.every((vm) => vm.owner === chain.requestor.account.address.toLowerCase())).toBe(true);
}

test("a real paid create with hostile values that the schemas allow is created or refused, never a 5xx", async () => {
  const hostile = [
    {
      name: "a".repeat(63),
      cloudInit:
        '#cloud-config\nbootcmd: ["echo \\u001b[31m"]\nx: &a [*a]\nwrite_files: [{path: /etc/evil, content: "\\u0000"}]\n',
      sshPublicKey: `${sshPublicKey} \u001b[2J\u202e𝕏 ${"c".repeat(10_000)}`,
      memoryGiB: 1,
    },
    { name: "0-0", cloudInit: "\u0000\r\n\u007f".repeat(1_000), memoryGiB: 1 },
  ];
  for (const [i, overrides] of hostile.entries()) {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers: { host: testHost, authorization: authorizations[1] as string },
      payload: { ...(validCreates[i] as object), ...overrides },
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode !== 202) expect(res.json().error.code).toEqual(expect.any(String));
  }
  await expect.poll(() => h.service.listVms().length).toBeGreaterThan(0);
  expectNoMoneyMisused();
});

test(`${runs} requests from the OpenAPI document through fastify inject: no 5xx, only envelopes, no stacks or host paths, nothing logged as an error`, async () => {
  const doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
  const operations = operationsOf(doc);
  expect(operations.length).toBeGreaterThanOrEqual(14);
  const plans = fc.sample(
    fuzzRequestPlan({
      operations,
      authChoices: authorizations.length,
      validBodies: { "POST /api/v1/vms": validCreates.slice(2) },
      pools,
      // The paid create is where the chain, the offer and the money meet: fuzz it most.
      operationWeights: { "POST /api/v1/vms": 6 },
      host: testHost,
      remoteAddresses: ["127.0.0.1", "10.0.0.7", "10.0.0.66", "::1", "2001:db8::1"],
    }),
    { seed, numRuns: runs },
  );
  // Every operation is fuzzed.
  expect(new Set(plans.map((p) => p.operation)).size).toBe(operations.length);
  const report = await runApiFuzz({
    plans,
    authorizations,
    known: () => ({ id: h.service.listVms().map((vm) => vm.id) }),
    rules: rules(),
    send: async (request: FuzzRequest): Promise<FuzzResponse | undefined> => {
      try {
        const res = await h.app.inject({
          method: request.method as "GET",
          url: request.url,
          headers: request.headers,
          remoteAddress: request.remoteAddress,
          ...(request.body === undefined ? {} : { payload: request.body }),
        });
        return { status: res.statusCode, headers: res.headers, body: res.body };
      } catch {
        return undefined;
      }
    },
  });
  expect(report.sent + report.unsendable).toBe(runs);
  expect(report.unsendable).toBeLessThan(runs * 0.05);
  expectClean(report, "inject");
  expectNoMoneyMisused();
  const info = await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });
  expect(info.statusCode).toBe(200);
}, 300_000);

test(`${httpRuns} requests over a real listening socket: the same rules, and the node still answers`, async () => {
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = h.app.server.address() as { port: number };
  const doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
  const plans = fc.sample(
    fuzzRequestPlan({
      operations: operationsOf(doc),
      authChoices: authorizations.length,
      pools,
      host: testHost,
      remoteAddresses: ["127.0.0.1"],
    }),
    { seed: seed + 1, numRuns: httpRuns },
  );
  // Bodies framed every way, bytes after a request that closed the connection included: one
  // connection per request, read with Node's strict parser (a second answer is a problem).
  const report = await runApiFuzz({
    plans,
    authorizations,
    known: () => ({ id: h.service.listVms().map((vm) => vm.id) }),
    rules: rules(),
    send: sendOverHttp({ host: "127.0.0.1", port }),
  });
  expect(report.sent + report.unsendable).toBe(httpRuns);
  expect(report.unsendable).toBeLessThan(httpRuns * 0.2);
  expectClean(report, "http");
  expectNoMoneyMisused();
  const info = await fetch(`http://127.0.0.1:${port}/api/v1/provider/info`);
  expect(info.status).toBe(200);
}, 120_000);
