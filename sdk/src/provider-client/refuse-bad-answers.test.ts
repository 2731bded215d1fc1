import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviderInfo } from "../../test-support/test-provider-info.ts";
import { errorCodes } from "../errors/error-codes.ts";
import { type GolemError, isGolemError } from "../errors/golem-error.ts";
import { createProviderClient } from "./create-provider-client.ts";
import { DEFAULT_MAX_ANSWER_BYTES } from "./request-json.ts";

// A hostile provider (node:http) whose answers the test chooses route by route, behind a real
// SIWE sign-in answer. Every answer that is not the provider API's must be refused with
// PROVIDER_BAD_RESPONSE, and nothing of it handed to the caller.
type Answer = { status?: number; body?: unknown; raw?: string; chunked?: boolean };
const answers = new Map<string, Answer>();
let signed = 0;

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
const info = testProviderInfo();

const write = (res: ServerResponse, answer: Answer) => {
  const text = answer.raw ?? JSON.stringify(answer.body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (!answer.chunked) headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(answer.status ?? 200, headers);
  if (!answer.chunked) return res.end(text);
  // No Content-Length: the body arrives in 64 KiB pieces, as long as the client reads.
  for (let at = 0; at < text.length; at += 65_536) res.write(text.slice(at, at + 65_536));
  res.end();
};

const server = createServer((req, res) => {
  const host = req.headers.host ?? "";
  const route = `${req.method} ${req.url}`;
  if (route === "POST /api/v1/auth/nonce" && !answers.has(route)) {
    return write(res, {
      body: {
        nonce: "0123456789abcdef0123456789abcdef",
        domain: host,
        uri: `http://${host}`,
        chainId: 31_337,
        statement: "Sign in.",
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    });
  }
  if (route === "POST /api/v1/auth/verify") {
    return write(res, { body: { token: "t", address: "0x1", expiresAt: "2030-01-01" } });
  }
  write(res, answers.get(route) ?? { status: 404, raw: "" });
});
let baseUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const account = privateKeyToAccount(generatePrivateKey());
const signer = {
  address: account.address,
  signMessage: (args: { message: string }) => {
    signed += 1;
    return account.signMessage(args);
  },
};
const client = () => createProviderClient({ baseUrl, signer, timeoutMs: 10_000 });
const refusal = async (call: Promise<unknown>): Promise<GolemError> => {
  const error = await call.then(
    (value) => {
      throw new Error(`accepted: ${JSON.stringify(value).slice(0, 200)}`);
    },
    (e: unknown) => e,
  );
  expect(isGolemError(error, "PROVIDER_BAD_RESPONSE"), String(error)).toBe(true);
  return error as GolemError;
};

describe("the provider client refuses answers that are not the provider API's", () => {
  it("a wrong type: names the route and the field, with the code's hint and status 502", async () => {
    answers.set("GET /api/v1/provider/info", {
      body: { ...info, prices: { ...info.prices, perCoreHour: 1000 } },
    });
    const error = await refusal(client().providerInfo());
    expect(error.message).toContain(`GET ${baseUrl}/api/v1/provider/info`);
    expect(error.message).toContain("prices.perCoreHour");
    expect(error.hints).toEqual([errorCodes.PROVIDER_BAD_RESPONSE.hint]);
    expect(error.status).toBe(502);
    expect(error.details).toMatchObject({ status: 200, problem: expect.any(String) });
  });

  it("a price that is no whole number, an address that is none, a status outside the enum", async () => {
    answers.set("GET /api/v1/provider/info", {
      body: { ...info, prices: { ...info.prices, perGiBDiskHour: "-1" } },
    });
    expect((await refusal(client().providerInfo())).message).toContain("perGiBDiskHour");
    answers.set("GET /api/v1/provider/info", { body: { ...info, providerId: "0xnothex" } });
    expect((await refusal(client().providerInfo())).message).toContain("providerId");
    answers.set("GET /api/v1/vms/vm-1", { body: { ...vm, status: "pwned" } });
    expect((await refusal(client().getVm("vm-1"))).message).toContain("status");
  });

  it("a missing field, and an object where the list belongs", async () => {
    const { sshPort: _, ...noPort } = vm;
    answers.set("GET /api/v1/vms/vm-1", { body: noPort });
    expect((await refusal(client().getVm("vm-1"))).message).toContain("sshPort");
    answers.set("GET /api/v1/vms", { body: { vms: [vm] } });
    await refusal(client().listVms());
  });

  it("a body that is not JSON, or no body, with a 200", async () => {
    answers.set("GET /api/v1/vms/vm-1", { raw: "<html>ok</html>" });
    expect((await refusal(client().getVm("vm-1"))).message).toContain("not JSON");
    answers.set("GET /api/v1/vms/vm-1", { raw: "" });
    await refusal(client().getVm("vm-1"));
  });

  it.each([
    ["with its Content-Length", false],
    ["sent chunked without a length", true],
  ])("a huge extra field (%s) is refused, not buffered", async (_name, chunked) => {
    const huge = "x".repeat(DEFAULT_MAX_ANSWER_BYTES + 1);
    answers.set("GET /api/v1/vms/vm-1", { body: { ...vm, padding: huge }, chunked });
    const error = await refusal(client().getVm("vm-1"));
    expect(error.message).toContain(`longer than ${DEFAULT_MAX_ANSWER_BYTES} bytes`);
  });

  it("a huge value in a known field is refused the same way", async () => {
    const huge = "n".repeat(DEFAULT_MAX_ANSWER_BYTES + 1);
    answers.set("GET /api/v1/vms/vm-1", { body: { ...vm, name: huge }, chunked: true });
    await refusal(client().getVm("vm-1"));
  });

  it("a small unknown field is dropped, never passed on", async () => {
    answers.set("GET /api/v1/vms/vm-1", {
      raw: JSON.stringify({ ...vm, extra: "x", isAdmin: true }).replace(
        /}$/,
        ',"__proto__":{"polluted":true}}',
      ),
    });
    const got = await client().getVm("vm-1");
    expect(got).toEqual(vm);
    expect(Object.keys(got)).not.toContain("extra");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("the console answer may be as long as the provider's largest console, escaped", async () => {
    const output = "\u001b".repeat(1024 * 1024);
    answers.set("GET /api/v1/vms/vm-1/console", {
      body: { id: "vm-1", output, bytes: output.length },
      chunked: true,
    });
    expect((await client().vmConsole("vm-1")).output).toHaveLength(1024 * 1024);
  });

  it("a sign-in nonce answer of the wrong shape is refused before anything is signed", async () => {
    answers.set("POST /api/v1/auth/nonce", { body: { nonce: 42, domain: ["x"] } });
    signed = 0;
    const error = await refusal(client().signIn());
    expect(error.message).toContain("/api/v1/auth/nonce");
    expect(signed).toBe(0);
    answers.delete("POST /api/v1/auth/nonce");
  });

  it("an error answer still becomes the provider's GolemError", async () => {
    answers.set("GET /api/v1/vms/vm-9", {
      status: 404,
      body: { error: { code: "VM_NOT_FOUND", message: "no VM vm-9", hints: ["list them"] } },
    });
    const error = await client()
      .getVm("vm-9")
      .catch((e: unknown) => e);
    expect(isGolemError(error, "VM_NOT_FOUND")).toBe(true);
  });
});
