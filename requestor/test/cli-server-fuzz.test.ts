import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import fc from "fast-check";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { fuzzRequestPlan } from "../../scripts/lib/openapi-fuzz/fuzz-request-plan.ts";
import { nonLoopbackUrls } from "../../scripts/lib/openapi-fuzz/loopback-urls.ts";
import {
  type OpenApiDocument,
  operationsOf,
} from "../../scripts/lib/openapi-fuzz/openapi-operations.ts";
import { codeOf } from "../../scripts/lib/openapi-fuzz/response-problems.ts";
import { runApiFuzz } from "../../scripts/lib/openapi-fuzz/run-api-fuzz.ts";
import { sendOverHttp } from "../../scripts/lib/openapi-fuzz/send-over-http.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { type GolemServer, startGolemServer } from "./support/golem-server.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

// Fuzz of `golem server api` from its own OpenAPI document with the same fuzzer as the
// provider API's (scripts/lib/openapi-fuzz): a seeded stream of requests (GOLEM_FUZZ_SEED
// replays one; GOLEM_FUZZ_RUNS sets how many, 5,000 by default) with boundary values in every
// field, bad bodies, media types and framing, odd methods, URLs and headers, varied
// credentials, and mostly the real token, so creates, top-ups, stops, starts and destroys run
// for real: a real Hardhat chain and a real provider daemon whose VMs are the TEST-ONLY fake
// process driver's guests. Each request on its own connection, read with Node's strict HTTP
// parser. Asserts: no 5xx (but a relayed provider or chain failure's own 502/503), every failure
// in the {error:{code,message,hints}} envelope with a known code, no host path in an error and
// no stack trace anywhere, only loopback URLs generated, no more GLM moved than the day's cap,
// and the server still answering at the end.
const seed = Number(process.env.GOLEM_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(process.env.GOLEM_FUZZ_RUNS ?? 5000);
const dayCap = "10";

let paid: PaidChain;
let daemon: ProviderDaemon;
let server: GolemServer | undefined;
let me: Address;

beforeAll(async () => {
  console.log(`fuzz seed ${seed} (replay: GOLEM_FUZZ_SEED=${seed}), ${runs} requests`);
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
  me = jsonOf<{ address: Address }>(
    await runGolem(["wallet", "address", "--json"], paid.env),
  ).address;
  server = await startGolemServer(
    [
      ...["--port", "0", "--interval", "5"],
      ...["--max-spend-per-request", "5", "--max-spend-per-day", dayCap],
    ],
    { ...paid.env, ...fakeGuestLoginEnv },
  );
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 180_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 300_000);

/** Failures of a provider or the chain the server relays (their codes' own 502/503). */
const relayedFailures = new Set([
  "PROVIDER_UNREACHABLE",
  "PROVIDER_MISMATCH",
  "CHAIN_UNREACHABLE",
  "RESOURCES_EXHAUSTED",
  "PORTS_EXHAUSTED",
  "DRIVER_UNAVAILABLE",
]);

/** A path with its VM name or stream ref as `:id`, for counting. */
const routeOf = (method: string, url: string) =>
  `${method} ${url.replace(/\?.*$/, "").replace(/\/(vms|streams)\/[^/]+/, "/$1/:id")}`;

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

describe("fuzzing golem server api from its OpenAPI document", { timeout: 3_600_000 }, () => {
  it(`${runs} seeded requests: no 5xx, only envelopes, no paths or stacks, money within the cap`, async () => {
    const live = server as GolemServer;
    const token = live.token ?? "";
    const doc = (await (await fetch(`${live.url}/docs/json`)).json()) as OpenApiDocument;
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThanOrEqual(8);
    const operations = operationsOf(doc);
    const providerId = await daemon.address();
    const names = ["fz-1", "fz-2", "fz-3"];
    const pools = {
      name: names,
      ref: [...names, "1", "2", "3"],
      providerId: [providerId],
      providerUrl: [daemon.apiUrl],
      cpu: [1],
      memoryGiB: [1],
      storageGiB: [4],
      hours: [0.5, 1, 2, 10, 1000],
      glm: ["0.1", "1", "4.9", "5.1", "100"],
      cloudInit: [
        "#cloud-config\npackages: [htop]\n",
        "#!/bin/sh\nid\n",
        "#cloud-config\n\u001b[2J: x\n",
      ],
      keepStream: ["true", "false"],
    };
    const create = (name: string, hours: number) => ({
      name,
      providerId,
      providerUrl: daemon.apiUrl,
      ...{ cpu: 1, memoryGiB: 1, storageGiB: 4, hours },
    });
    // Mostly the real token, so real actions run; then none, a wrong one, another scheme.
    const authorizations = [
      undefined,
      ...Array.from({ length: 14 }, () => `Bearer ${token}`),
      `Bearer ${"A".repeat(token.length)}`,
      `Basic ${token}`,
    ];
    const url = new URL(live.url);
    const plans = fc.sample(
      fuzzRequestPlan({
        operations,
        authChoices: authorizations.length,
        validBodies: {
          "POST /api/v1/vms": names.flatMap((name) => [create(name, 0.5), create(name, 2)]),
          "POST /api/v1/streams/{ref}/topup": [{ hours: 1 }, { glm: "0.1" }, { glm: "4.9" }],
        },
        pools,
        host: url.host,
        remoteAddresses: ["127.0.0.1"],
      }),
      { seed, numRuns: runs },
    );
    expect(plans.length).toBeGreaterThanOrEqual(runs);
    expect(new Set(plans.map((p) => p.operation)).size).toBe(operations.length);
    // Nothing generated may send the server (or the provider it calls) off this machine.
    const offHost = plans.flatMap((p) => [
      ...nonLoopbackUrls(p.body),
      ...nonLoopbackUrls([...new URLSearchParams(p.query).values()]),
    ]);
    expect(offHost).toEqual([]);
    const before = await getGlmBalance(paid.publicClient, {
      token: paid.deployment.contracts.GLM.address,
      owner: me,
    });
    const succeeded = new Map<string, number>();
    const refusals = new Map<string, number>();
    const report = await runApiFuzz({
      plans,
      authorizations,
      known: () => ({ name: names, ref: pools.ref }),
      // Successes are for a tool on this machine and may name its files; errors may not.
      // The test's temp folder (chain, homes, data) and this checkout.
      rules: {
        hostPaths: [paid.dir, process.cwd(), "node_modules/"],
        hostPathsIn: "failures",
        relayedFailures,
      },
      send: sendOverHttp({ host: url.hostname, port: Number(url.port), timeoutMs: 240_000 }),
      onResponse: (request, response) => {
        const route = routeOf(request.method, request.url);
        if (response.status === 200) bump(succeeded, route);
        else if (request.method === "POST" && request.headers.authorization === `Bearer ${token}`) {
          bump(refusals, `${route.slice(0, 40)} ${codeOf(response.body) ?? response.status}`);
        }
      },
    });
    console.log(
      `fuzz: seed ${seed}, ${report.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s (${report.unsendable} the client refused), statuses ${JSON.stringify(report.byStatus)}, codes ${JSON.stringify(report.byCode)}`,
    );
    console.log(`fuzz: successes ${JSON.stringify(Object.fromEntries([...succeeded].sort()))}`);
    console.log(`fuzz: POST refusals ${JSON.stringify(Object.fromEntries([...refusals].sort()))}`);
    const after = await getGlmBalance(paid.publicClient, {
      token: paid.deployment.contracts.GLM.address,
      owner: me,
    });
    expect(before - after).toBeLessThanOrEqual(parseUnits(dayCap, 18));
    const spending = (await (await live.fetch("/api/v1/spending")).json()) as {
      spentToday: string;
    };
    expect(BigInt(spending.spentToday)).toBeLessThanOrEqual(parseUnits(dayCap, 18));
    console.log(
      `fuzz: spent ${spending.spentToday} base units of the ${dayCap} GLM day cap; balance moved ${before - after}`,
    );
    // Still alive and still answering as before.
    const vms = await live.fetch("/api/v1/vms");
    expect(vms.status).toBe(200);
    expect(report.sent + report.unsendable).toBe(runs);
    expect(report.unsendable).toBeLessThan(runs * 0.05);
    expect(report.problems, `seed ${seed}: ${JSON.stringify(report.problems, null, 1)}`).toEqual(
      [],
    );
    // Real actions ran: creates and payments, not only reads and refusals.
    expect(succeeded.get("POST /api/v1/vms") ?? 0).toBeGreaterThan(0);
  });
});
