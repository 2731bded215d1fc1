import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyMessage } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { parseSiweMessage } from "viem/siwe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GolemError, isGolemError } from "../errors/golem-error.ts";
import { vmViewSchema } from "../provider-api/vms.ts";
import { createProviderClient } from "./create-provider-client.ts";

// A stub of the provider API (node:http): the requestor package may not import provider-node,
// so this server answers the same routes and envelopes and checks SIWE with viem for real.
type Stub = { url: string; tokens: Map<string, string>; nonces: Set<string>; signIns: number };
const stub: Stub = { url: "", tokens: new Map(), nonces: new Set(), signIns: 0 };
const vm = {
  id: "vm-1",
  name: "web-1",
  status: "running",
  resources: { cpu: 1, memoryGiB: 1, storageGiB: 10 },
  sshPort: 50800,
  publishedPorts: [],
  streamId: null,
  error: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

const stats = {
  id: "vm-1",
  sampledAt: "2026-01-01T00:00:00.000Z",
  cpu: { count: 1, usagePercent: 12.5, timeSeconds: 3.2 },
  memory: { totalMiB: 1024, usedMiB: 300 },
  disk: { totalGiB: 10, usedBytes: 1_000_000, readBytes: null, writeBytes: null },
  sampleWindowMs: 1000,
};

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const readBody = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text === "" ? undefined : JSON.parse(text);
};

const server = createServer(async (req, res) => {
  const host = req.headers.host ?? "";
  const path = req.url ?? "";
  if (req.method === "POST" && path === "/api/v1/auth/nonce") {
    const nonce = `n${Math.random().toString(36).slice(2, 12)}`;
    stub.nonces.add(nonce);
    return send(res, 200, {
      nonce,
      domain: host,
      uri: `http://${host}`,
      chainId: 31337,
      statement: "Sign in to stub to rent and manage VMs.",
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
  }
  if (req.method === "POST" && path === "/api/v1/auth/verify") {
    const { message, signature } = await readBody(req);
    const fields = parseSiweMessage(message);
    const valid =
      fields.domain === host &&
      fields.chainId === 31337 &&
      fields.address !== undefined &&
      stub.nonces.delete(fields.nonce ?? "") &&
      (await verifyMessage({ address: fields.address, message, signature }));
    if (!valid) return send(res, 401, new GolemError("SIWE_INVALID", "bad sign-in").toJSON());
    stub.signIns++;
    const token = `t${stub.signIns}`;
    stub.tokens.set(token, fields.address as string);
    return send(res, 200, { token, address: fields.address, expiresAt: "2030-01-01T00:00:00Z" });
  }
  if (path === "/api/v1/broken") return send(res, 502, "<html>bad gateway</html>");
  const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
  if (!stub.tokens.has(token)) {
    return send(res, 401, new GolemError("UNAUTHENTICATED", "this route needs a session").toJSON());
  }
  if (req.method === "GET" && path === "/api/v1/vms") return send(res, 200, [vm]);
  if (req.method === "GET" && path === "/api/v1/vms/vm-1") return send(res, 200, vm);
  if (req.method === "GET" && path === "/api/v1/vms/vm-1/stats") return send(res, 200, stats);
  if (req.method === "POST" && path === "/api/v1/vms/vm-1/stop") {
    return send(res, 200, { ...vm, status: "stopped" });
  }
  return send(
    res,
    404,
    new GolemError("VM_NOT_FOUND", "VM vm-2 does not exist", { details: { id: "vm-2" } }).toJSON(),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("createProviderClient (stub provider API over HTTP)", () => {
  const signer = privateKeyToAccount(generatePrivateKey());

  it("signs in with SIWE once and calls the VM routes with the token", async () => {
    const before = stub.signIns;
    const client = createProviderClient({ baseUrl: stub.url, signer });
    expect(await client.listVms()).toEqual([vm]);
    expect((await client.getVm("vm-1")).name).toBe("web-1");
    expect(await client.vmStats("vm-1")).toEqual(stats);
    expect((await client.stopVm("vm-1")).status).toBe("stopped");
    expect(stub.signIns - before).toBe(1);
    expect([...stub.tokens.values()]).toContain(signer.address);
  });

  it("signs in again once when the session has expired", async () => {
    const client = createProviderClient({ baseUrl: stub.url, signer });
    await client.signIn();
    stub.tokens.clear();
    const before = stub.signIns;
    expect(await client.listVms()).toHaveLength(1);
    expect(stub.signIns - before).toBe(1);
  });

  it("turns an error envelope back into the same GolemError", async () => {
    const client = createProviderClient({ baseUrl: stub.url, signer });
    const error = await client.getVm("vm-2").catch((e: unknown) => e);
    expect(isGolemError(error, "VM_NOT_FOUND")).toBe(true);
    expect((error as GolemError).toJSON()).toEqual({
      error: {
        code: "VM_NOT_FOUND",
        message: "VM vm-2 does not exist",
        hints: ["list your VMs with `golem vm list`"],
        details: { id: "vm-2" },
      },
    });
    expect((error as GolemError).status).toBe(404);
  });

  it("maps a body that is no envelope and an unreachable provider to PROVIDER_UNREACHABLE", async () => {
    const { requestJson } = await import("./request-json.ts");
    const broken = await requestJson({
      baseUrl: stub.url,
      method: "GET",
      path: "/broken",
      answer: vmViewSchema,
      fetch,
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(isGolemError(broken, "PROVIDER_UNREACHABLE")).toBe(true);
    const client = createProviderClient({ baseUrl: "http://127.0.0.1:1", signer, timeoutMs: 2000 });
    const offline = await client.providerInfo().catch((e: unknown) => e);
    expect(isGolemError(offline, "PROVIDER_UNREACHABLE")).toBe(true);
  });
});
