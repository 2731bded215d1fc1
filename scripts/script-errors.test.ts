// What a user who mistypes or collides with something sees from the dev scripts: the CLI's
// `error[CODE]: message` and hints, never a stack trace. Real processes: the scripts as
// `./dev demo|chain|deploy` runs them, a real JSON-RPC answer on the port `./dev chain` wants.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { freePort } from "./lib/free-port.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

function runScript(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: root }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr });
    });
  });
}

/** The failure is `error[code]` with a hint, and no line of it is a stack frame. */
function expectCliError(stderr: string, code: string): void {
  expect(stderr).toMatch(new RegExp(`^error\\[${code}\\]: `, "m"));
  expect(stderr).toMatch(/^ {2}hint: /m);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("dev scripts: failures a user can meet", () => {
  test("./dev demo with an unknown option is VALIDATION_FAILED with the usage", async () => {
    const { code, stderr } = await runScript("scripts/demo.ts", ["--onse"]);
    expect(code).toBe(2);
    expectCliError(stderr, "VALIDATION_FAILED");
    expect(stderr).toContain("usage: ./dev demo [--once]");
  }, 120_000);

  test("./dev chain on a port where a chain already answers is PORT_IN_USE", async () => {
    // Something that answers eth_chainId like a running `./dev chain` does.
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x7a69" }));
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const { code, stderr } = await runScript("scripts/chain.ts", ["--port", String(port)]);
      expect(code).toBe(1);
      expectCliError(stderr, "PORT_IN_USE");
      expect(stderr).toContain(`http://127.0.0.1:${port}`);
    } finally {
      server.close();
    }
  }, 120_000);

  test("./dev deploy to a node that does not run is CHAIN_UNREACHABLE", async () => {
    const port = await freePort();
    const { code, stderr } = await runScript("scripts/deploy.ts", [
      "--network",
      "localhost",
      "--rpc-url",
      `http://127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expectCliError(stderr, "CHAIN_UNREACHABLE");
    expect(stderr).toContain("./dev chain");
  }, 120_000);
});
