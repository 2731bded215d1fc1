import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { getGlmBalance, getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
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
import { rawRequest } from "./support/raw-http.ts";
import { type RecordingProxy, startRecordingProxy } from "./support/recording-proxy.ts";

// Attacks on `golem server api` (a real child process) by a local process without the token,
// by a web page (DNS rebinding, cross-site no-cors posts) and by a token holder trying to move
// more money than the caps set at start. Real Hardhat chain, real provider daemon whose VMs are
// the TEST-ONLY fake process driver's guests; the "attacker's provider" is a recording proxy in
// front of that daemon, so the test sees every byte a provider the caller named was sent.
type Envelope = { error: { code: string; message: string; hints: string[] } };

let paid: PaidChain;
let daemon: ProviderDaemon;
let proxy: RecordingProxy;
let providerId: Address;
let me: Address;
let server: GolemServer | undefined;
let victimStream: string;
let victimDeposit: bigint;
let env: Record<string, string>;

const glm = (text: string) => parseUnits(text, 18);
const home = () => paid.env.GOLEM_REQUESTOR_HOME ?? "";

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  proxy = await startRecordingProxy(daemon.apiUrl);
  providerId = await daemon.address();
  jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
  me = jsonOf<{ address: Address }>(
    await runGolem(["wallet", "address", "--json"], paid.env),
  ).address;
  // Caps set when the server starts: 5 GLM per payment, 8 GLM per day.
  env = {
    ...paid.env,
    ...fakeGuestLoginEnv,
    GOLEM_REQUESTOR_SERVER_MAX_SPEND_PER_REQUEST: "5",
    GOLEM_REQUESTOR_SERVER_MAX_SPEND_PER_DAY: "8",
  };
  server = await startGolemServer(["--port", "0", "--no-monitor"], env);
  // The victim's VM, rented by the user's own tool (with the token): 1 h at 1.54 GLM/h.
  const created = await server.fetch("/api/v1/vms", json(createBody("victim-1")));
  const body = (await created.json()) as { streamId: string; status: string; deposit: string };
  expect(created.status, JSON.stringify(body) + server.stderr()).toBe(200);
  expect(body.status).toBe("running");
  victimStream = body.streamId;
  victimDeposit = BigInt(body.deposit);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

function json(body: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

function createBody(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    providerId,
    providerUrl: daemon.apiUrl,
    cpu: 1,
    memoryGiB: 1,
    storageGiB: 4,
    hours: 1,
    ...extra,
  };
}

const port = () => new URL(server?.url ?? "").port;

/** What an attack must leave as it was: VMs, streams, balances, the victim's VM running. */
async function snapshot() {
  const vms = (await (await api().fetch("/api/v1/vms")).json()) as { vms: { name: string }[] };
  const victim = (await (await api().fetch("/api/v1/vms/victim-1")).json()) as {
    status: string;
    refreshed: boolean;
  };
  const stream = await getStreamState(paid.publicClient, {
    address: paid.deployment.contracts.StreamPayment.address,
    streamId: toStreamId(victimStream),
  });
  const { streams } = jsonOf<{ streams: unknown[] }>(
    await runGolem(["vm", "stream", "list", "--json"], paid.env),
  );
  return {
    vms: vms.vms.map((v) => v.name),
    victim: { status: victim.status, refreshed: victim.refreshed },
    streamBalance: stream.stream.balance,
    streams: streams.length,
    balance: await balance(),
    fakeGuests: (await readdir(fakeVmsDir(paid))).filter((f) => f.endsWith(".json")).length,
  };
}

function api(): GolemServer {
  if (!server) throw new Error("server not started");
  return server;
}

function balance() {
  return getGlmBalance(paid.publicClient, {
    token: paid.deployment.contracts.GLM.address,
    owner: me,
  });
}

describe("attacks on golem server api (real chain, provider daemon, TEST-ONLY fake guests)", {
  timeout: 180_000,
}, () => {
  it("a web page cannot stop a VM through DNS rebinding", async () => {
    const before = await snapshot();
    expect(before.victim).toEqual({ status: "running", refreshed: true });
    // After rebinding, the page's own origin resolves to 127.0.0.1: the browser sends the
    // attacker's name as Host (and as Origin on a POST).
    const rebound = `rebind.attacker.test:${port()}`;
    for (const verb of ["stop", "start"]) {
      const res = await rawRequest(api().url, {
        method: "POST",
        path: `/api/v1/vms/victim-1/${verb}`,
        headers: { host: rebound, origin: `http://${rebound}` },
      });
      expect(res.status, res.text).toBe(403);
      expect((res.json as Envelope).error.code).toBe("API_HOST_REFUSED");
    }
    // Even a page that somehow had the token is refused for its Host alone.
    const withToken = await rawRequest(api().url, {
      method: "POST",
      path: "/api/v1/vms/victim-1/stop",
      headers: { host: rebound, authorization: `Bearer ${api().token}` },
    });
    expect(withToken.status, withToken.text).toBe(403);
    expect((withToken.json as Envelope).error.code).toBe("API_HOST_REFUSED");
    expect(await snapshot()).toEqual(before);
  });

  it("a web page cannot stop a VM with a cross-site no-cors POST", async () => {
    const before = await snapshot();
    // fetch("http://127.0.0.1:PORT/api/v1/vms/victim-1/stop", {method: "POST", mode: "no-cors"})
    // from https://evil.example: right Host, no body, the page's Origin.
    for (const headers of [
      { host: `127.0.0.1:${port()}`, origin: "https://evil.example" } as Record<string, string>,
      { host: `127.0.0.1:${port()}`, origin: "null" },
      {
        host: `127.0.0.1:${port()}`,
        origin: "https://evil.example",
        authorization: `Bearer ${api().token}`,
      },
    ]) {
      const res = await rawRequest(api().url, {
        method: "POST",
        path: "/api/v1/vms/victim-1/stop",
        headers,
      });
      expect(res.status, res.text).toBe(403);
      expect((res.json as Envelope).error.code).toBe("API_ORIGIN_REFUSED");
      expect((res.json as Envelope).error.hints.length).toBeGreaterThan(0);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a local process without the token cannot read the wallet key through cloudInitFile", async () => {
    const walletKey = (await readFile(join(home(), "wallet.key"), "utf8")).trim();
    const before = await snapshot();
    const attack = createBody("exfil-1", {
      providerUrl: proxy.url,
      cloudInitFile: join(home(), "wallet.key"),
    });
    const res = await fetch(`${api().url}/api/v1/vms`, json(attack));
    const body = (await res.json()) as Envelope;
    expect(res.status, JSON.stringify(body)).toBe(401);
    expect(body.error.code).toBe("API_TOKEN_INVALID");
    // With the token, a path is no longer taken at all: content only, so nothing on this
    // machine is read on a caller's behalf.
    const withToken = await api().fetch("/api/v1/vms", json(attack));
    const refused = (await withToken.json()) as Envelope;
    expect(withToken.status, JSON.stringify(refused)).toBe(400);
    expect(refused.error.code).toBe("VALIDATION_FAILED");
    expect(refused.error.message).toContain("cloudInitFile");
    const sent = proxy.requests.map((r) => r.body).join("\n");
    expect(sent).not.toContain(walletKey.slice(2));
    expect(proxy.requests).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("a local process without the token (or with a wrong one) can neither read nor act", async () => {
    const before = await snapshot();
    const wrong = `${(api().token ?? "x").slice(0, -1)}${api().token?.endsWith("A") ? "B" : "A"}`;
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/v1/vms"],
      ["GET", "/api/v1/vms/victim-1"],
      ["POST", "/api/v1/vms", createBody("sneak-1", { providerUrl: proxy.url })],
      ["POST", "/api/v1/vms/victim-1/stop"],
      ["POST", "/api/v1/vms/victim-1/start"],
      ["DELETE", "/api/v1/vms/victim-1"],
      ["GET", `/api/v1/streams/${victimStream}`],
      ["POST", `/api/v1/streams/${victimStream}/topup`, { glm: "1" }],
      ["GET", "/api/v1/monitor"],
    ];
    for (const authorization of [undefined, `Bearer ${wrong}`, "Bearer ", "Basic abc"]) {
      for (const [method, path, body] of calls) {
        const headers: Record<string, string> = {};
        if (authorization !== undefined) headers.authorization = authorization;
        if (body !== undefined) headers["content-type"] = "application/json";
        const res = await fetch(`${api().url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const answer = (await res.json()) as Envelope;
        expect(res.status, `${method} ${path} ${authorization}`).toBe(401);
        expect(answer.error.code).toBe("API_TOKEN_INVALID");
        expect(answer.error.hints.join(" ")).toContain("golem server token");
        expect(JSON.stringify(answer)).not.toContain(api().token ?? "no token");
      }
    }
    expect(proxy.requests).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("a caller with the token cannot move more than the per-request cap in one create", async () => {
    const before = await snapshot();
    // 10 h at 1.54 GLM/h = 15.4 GLM, above the 5 GLM per-request cap.
    const res = await api().fetch("/api/v1/vms", json(createBody("greedy-1", { hours: 10 })));
    const body = (await res.json()) as Envelope;
    expect(res.status, JSON.stringify(body)).toBe(403);
    expect(body.error.code).toBe("SPEND_CAP_EXCEEDED");
    expect(body.error.message).toContain("per request");
    expect(body.error.hints.join(" ")).toContain("--max-spend-per-request");
    expect(await snapshot()).toEqual(before);
  });

  it("a caller with the token cannot drain the balance with top-ups past the day's cap", async () => {
    const start = await balance();
    let accepted = 0;
    let refused: Envelope | undefined;
    for (let i = 0; i < 6 && refused === undefined; i++) {
      const res = await api().fetch(`/api/v1/streams/${victimStream}/topup`, json({ glm: "3" }));
      if (res.status === 200) accepted += 1;
      else {
        expect(res.status).toBe(403);
        refused = (await res.json()) as Envelope;
      }
    }
    // 1.54 GLM (the victim's create) + 2 × 3 GLM = 7.54 GLM; a third 3 GLM would pass 8.
    expect(accepted).toBe(2);
    expect(refused?.error.code).toBe("SPEND_CAP_EXCEEDED");
    expect(refused?.error.message).toContain("per day");
    expect(start - (await balance())).toBe(glm("6"));
  });

  it("restarting the server does not reset the day's spending", async () => {
    await api().stop();
    server = await startGolemServer(["--port", "0", "--no-monitor"], env);
    const before = await snapshot();
    const res = await api().fetch(`/api/v1/streams/${victimStream}/topup`, json({ glm: "0.5" }));
    const body = (await res.json()) as Envelope;
    expect(res.status, JSON.stringify(body)).toBe(403);
    expect(body.error.code).toBe("SPEND_CAP_EXCEEDED");
    const spending = (await (await api().fetch("/api/v1/spending")).json()) as {
      spentToday: string;
      maxPerDay: string;
    };
    expect(spending).toMatchObject({
      spentToday: (victimDeposit + glm("6")).toString(),
      maxPerDay: glm("8").toString(),
    });
    expect(await snapshot()).toEqual(before);
  });
});
