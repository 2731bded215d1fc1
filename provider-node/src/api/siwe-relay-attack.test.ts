import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import type { NonceView } from "@vm-on-golem/sdk/provider-client";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import type { FastifyInstance } from "fastify";
import type { LocalAccount } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { freePort } from "../../../scripts/lib/free-port.ts";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { randomAccount, signSiwe } from "../../test/support/siwe.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { startNodeApi } from "../daemon/start-node-api.ts";
import { createRevertStack } from "../vm/revert-stack.ts";

// The honest provider B is the node's real API (startNodeApi over its real config defaults,
// listening on 127.0.0.1) on the fake VM driver: the VM is not the subject, sign-in is. The
// malicious provider A is a plain HTTP server that relays between the victim and B.
const paymentsChainId = 11_155_111;
let b: { api: FastifyInstance; url: string; host: string; harness: ServiceHarness };
let a: { server: Server; url: string; host: string };
let mode: "verbatim" | "own-domain" = "verbatim";
const relayed: { verify: number; stolen: string[] } = { verify: 0, stolen: [] };
const victim = randomAccount();
let signatures = 0;
const victimSigner: Pick<LocalAccount, "address" | "signMessage"> = {
  address: victim.address,
  signMessage: async (args) => {
    signatures += 1;
    return victim.signMessage(args);
  },
};

/** One HTTP call to B with any Host header, as an attacker's own client can send. */
function callB(path: string, host: string, body?: string, token?: string) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      `${b.url}/api/v1${path}`,
      {
        method: body === undefined && path === "/vms" ? "GET" : "POST",
        headers: {
          host,
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body ?? (path === "/vms" ? undefined : "{}"));
  });
}

beforeAll(async () => {
  const harness = await createServiceHarness();
  const port = await freePort();
  const { config } = await loadProviderConfig({
    homeDir: harness.dir,
    flags: {
      dataDir: harness.dir,
      api: { host: "127.0.0.1", port },
      payments: { enabled: false, chainId: paymentsChainId },
    },
  });
  const api = await startNodeApi({
    config,
    db: harness.db,
    service: harness.service,
    providerInfo: async () => {
      throw new Error("not asked in this test");
    },
    version: "0.0.0-test",
    logger: false,
    log: () => {},
    revert: createRevertStack(),
  });
  b = { api, url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, harness };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", async () => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/api/v1/auth/nonce") {
        const nonce = (await callB("/auth/nonce", b.host)).json as NonceView;
        const answer =
          mode === "verbatim" ? nonce : { ...nonce, domain: a.host, uri: `http://${a.host}` };
        res.end(JSON.stringify(answer));
        return;
      }
      if (req.url === "/api/v1/auth/verify") {
        relayed.verify += 1;
        // The victim's signed message, sent on to B under whatever Host the message names.
        const host = mode === "verbatim" ? b.host : a.host;
        const answer = await callB("/auth/verify", host, body);
        if (answer.status === 200) relayed.stolen.push(String(answer.json.token));
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.json));
        return;
      }
      res.statusCode = 404;
      res.end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const aPort = (server.address() as AddressInfo).port;
  a = { server, url: `http://127.0.0.1:${aPort}`, host: `127.0.0.1:${aPort}` };
  // The victim rents on B.
  await harness.service.createVm(victim.address, vmRequest("victims-vm"));
});

afterAll(async () => {
  await new Promise((resolve) => a?.server.close(resolve));
  await b?.api.close();
  await b?.harness.close();
});

beforeEach(() => {
  signatures = 0;
  relayed.verify = 0;
  relayed.stolen = [];
});

/** Nothing changed at B: no session for anyone, the victim's VM still there. */
function expectBUntouched() {
  expect(relayed.stolen).toEqual([]);
  const sessions = b.harness.db.prepare("SELECT COUNT(*) AS n FROM sessions").get() as {
    n: number;
  };
  expect(sessions.n).toBe(0);
  expect(b.harness.service.listVms(victim.address).map((vm) => vm.name)).toEqual(["victims-vm"]);
}

describe("SIWE relay: a malicious provider A signs the victim in at honest provider B", () => {
  test("A hands the victim B's nonce answer: the victim's client refuses and signs nothing", async () => {
    mode = "verbatim";
    const client = createProviderClient({ baseUrl: a.url, signer: victimSigner });
    const error = await golemRejection(client.signIn());
    expect(error.code).toBe("SIWE_DOMAIN_MISMATCH");
    expect(error.message).toContain(b.host);
    expect(error.hints.join(" ")).toMatch(/another provider/);
    expect(signatures).toBe(0);
    expect(relayed.verify).toBe(0);
    expectBUntouched();
  });

  test("A gets the victim to sign for A's own domain and replays it at B: B refuses", async () => {
    mode = "own-domain";
    const client = createProviderClient({ baseUrl: a.url, signer: victimSigner });
    const error = await golemRejection(client.signIn());
    // The client signed (the message names A, where it talks), B refused it.
    expect(signatures).toBe(1);
    expect(relayed.verify).toBe(1);
    expect(error.code).toBe("SIWE_INVALID");
    expect(error.message).toContain(`is for ${a.host}, not this provider`);
    expectBUntouched();
  });
});

describe("SIWE at B: only B's own domain, its URI and the payments chain", () => {
  const signedFor = async (overrides: { uri?: string; chainId?: number; domain?: string }) => {
    const nonce = (await callB("/auth/nonce", b.host)).json as NonceView;
    return signSiwe({
      account: victim,
      domain: nonce.domain,
      nonce: nonce.nonce,
      chainId: nonce.chainId,
      uri: nonce.uri,
      ...overrides,
    });
  };

  test("the nonce names B's advertised host:port and the payments chain, whatever Host was sent", async () => {
    const nonce = (await callB("/auth/nonce", "evil.example:7466")).json as NonceView;
    expect(nonce).toMatchObject({ domain: b.host, uri: b.url, chainId: paymentsChainId });
  });

  test.each([
    ["a message whose uri points elsewhere", { uri: "http://evil.example" }, /uri/],
    ["a message naming another chain than the payments chain", { chainId: 31_337 }, /chain/],
  ])("refuses %s", async (_name, override, message) => {
    const signed = await signedFor(override);
    const answer = await callB("/auth/verify", b.host, JSON.stringify(signed));
    expect(answer.status).toBe(401);
    const error = answer.json.error as { code: string; message: string };
    expect(error.code).toBe("SIWE_INVALID");
    expect(error.message).toMatch(message);
    expectBUntouched();
  });

  test("the victim's own client signs in at B and sees only its VM", async () => {
    const client = createProviderClient({
      baseUrl: b.url,
      signer: victimSigner,
      chainId: paymentsChainId,
    });
    expect((await client.listVms()).map((vm) => vm.name)).toEqual(["victims-vm"]);
    expect(signatures).toBe(1);
    b.harness.db.prepare("DELETE FROM sessions").run();
  });
});
