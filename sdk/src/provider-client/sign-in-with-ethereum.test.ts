import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { signInWithEthereum, siweTargetOf } from "./sign-in-with-ethereum.ts";

// A plain HTTP server standing in for a provider whose nonce answer the test chooses.
let answer: Record<string, unknown> = {};
let verifies = 0;
let server: Server;
let url: string;
let host: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/api/v1/auth/verify") {
      verifies += 1;
      return res.end(JSON.stringify({ token: "t1", address: "0x1", expiresAt: "2030-01-01" }));
    }
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = `http://${host}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const account = privateKeyToAccount(generatePrivateKey());
let signed = 0;
const signer = {
  address: account.address,
  signMessage: (args: { message: string }) => {
    signed += 1;
    return account.signMessage(args);
  },
};
const nonceAnswer = (overrides: Record<string, unknown>) => ({
  nonce: "0123456789abcdef0123456789abcdef",
  domain: host,
  uri: url,
  chainId: 31_337,
  statement: "Sign in.",
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  ...overrides,
});

describe("siweTargetOf", () => {
  it("is the URL's host and origin, as URL writes them", () => {
    expect(siweTargetOf("http://10.0.0.5:7466/")).toEqual({
      domain: "10.0.0.5:7466",
      uri: "http://10.0.0.5:7466",
    });
    expect(siweTargetOf("https://P.example/golem")).toEqual({
      domain: "p.example",
      uri: "https://p.example",
    });
    expect(siweTargetOf("http://[::1]:7466")).toEqual({
      domain: "[::1]:7466",
      uri: "http://[::1]:7466",
    });
  });
});

describe("signInWithEthereum refuses a nonce answer for anywhere else, before signing", () => {
  it.each([
    ["another domain", () => ({ domain: "honest.example:7466" }), "domain"],
    ["a uri on another host", () => ({ uri: "http://honest.example:7466" }), "uri"],
    ["a uri that is no URL", () => ({ uri: "not a url" }), "uri"],
    ["a uri with another scheme", () => ({ uri: `ftp://${host}` }), "uri"],
    ["another chain than the client's", () => ({ chainId: 1 }), "chain"],
  ])("%s", async (_name, overrides, field) => {
    answer = nonceAnswer(overrides());
    signed = 0;
    verifies = 0;
    const error = await golemRejection(
      signInWithEthereum({ baseUrl: url, signer, fetch, timeoutMs: 5_000, chainId: 31_337 }),
    );
    expect(error.code).toBe("SIWE_DOMAIN_MISMATCH");
    expect(error.details).toMatchObject({ field });
    expect(error.message).toMatch(/nothing was signed/);
    expect(signed).toBe(0);
    expect(verifies).toBe(0);
  });

  it("signs a message for its own domain and uri when the answer names them", async () => {
    answer = nonceAnswer({});
    signed = 0;
    const session = await signInWithEthereum({
      baseUrl: url,
      signer,
      fetch,
      timeoutMs: 5_000,
      chainId: 31_337,
    });
    expect(signed).toBe(1);
    expect(session.token).toBe("t1");
  });
});
