import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { vmViewSchema } from "@vm-on-golem/sdk/provider-api";
import { requestJson } from "@vm-on-golem/sdk/provider-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliContext } from "../src/cli/cli-context.ts";
import { printError } from "../src/cli/print-error.ts";
import { runGolem } from "./run-golem.ts";

// Pins the one error format of the CLI: text (formatGolemError on stderr) and --json (the
// API envelope on stdout), the same for a local failure and one a provider sent.
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "golem-cli-errors-"));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const capture = () => {
  const lines = { out: [] as string[], err: [] as string[] };
  const ctx = {
    out: (text: string) => lines.out.push(text),
    err: (text: string) => lines.err.push(text),
  } as unknown as CliContext;
  return { ctx, lines };
};

describe("CLI error output", () => {
  it("prints a local error as text on stderr and exits 1", async () => {
    const run = await runGolem(["vm", "info", "nope"], { GOLEM_REQUESTOR_HOME: home });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatchInlineSnapshot(`
      "error[VM_NOT_FOUND]: no VM named "nope" on this machine
        hint: list your VMs with \`golem vm list\`
      "
    `);
  });

  it("prints a local error as the JSON envelope with --json and exits 1", async () => {
    const run = await runGolem(["vm", "info", "nope", "--json"], { GOLEM_REQUESTOR_HOME: home });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "{
        "error": {
          "code": "VM_NOT_FOUND",
          "message": "no VM named \\"nope\\" on this machine",
          "hints": [
            "list your VMs with \`golem vm list\`"
          ],
          "details": {
            "name": "nope"
          }
        }
      }
      "
    `);
  });

  it("lists every bad setting as CONFIG_INVALID", async () => {
    const run = await runGolem(["wallet", "address"], {
      GOLEM_REQUESTOR_HOME: home,
      GOLEM_REQUESTOR_RPC_URL: "not a url",
      GOLEM_REQUESTOR_AUTO_TOP_UP_INTERVAL_SECONDS: "-5",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[CONFIG_INVALID\]: configuration is invalid: /);
    expect(run.stderr).toContain("rpcUrl (env GOLEM_REQUESTOR_RPC_URL)");
    expect(run.stderr).toContain(
      "autoTopUp.intervalSeconds (env GOLEM_REQUESTOR_AUTO_TOP_UP_INTERVAL_SECONDS)",
    );
  });

  it("prints a provider's error envelope exactly like the same local error", async () => {
    const local = new GolemError("VM_NOT_FOUND", "VM vm-9 does not exist", {
      details: { id: "vm-9" },
    });
    const server = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify(local.toJSON()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const remote = await requestJson({
      baseUrl: url,
      method: "GET",
      path: "/vms/vm-9",
      answer: vmViewSchema,
      fetch,
      timeoutMs: 5000,
    }).catch((error: unknown) => error);
    server.close();

    for (const json of [false, true]) {
      const a = capture();
      const b = capture();
      printError(a.ctx, local, { json, verbose: false });
      printError(b.ctx, remote, { json, verbose: false });
      expect(b.lines).toEqual(a.lines);
    }
    const text = capture();
    printError(text.ctx, remote, { json: false, verbose: false });
    expect(text.lines.err.join("\n")).toMatchInlineSnapshot(`
      "error[VM_NOT_FOUND]: VM vm-9 does not exist
        hint: list your VMs with \`golem vm list\`"
    `);
  });

  it("prints a usage error as the JSON envelope with --json (VALIDATION_FAILED)", async () => {
    const run = await runGolem(["vm", "stop", "--json"], { GOLEM_REQUESTOR_HOME: home });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatchInlineSnapshot(`
      "{
        "error": {
          "code": "VALIDATION_FAILED",
          "message": "missing required argument 'name'",
          "hints": [
            "see the command's usage with --help"
          ],
          "details": {
            "reason": "commander.missingArgument"
          }
        }
      }
      "
    `);
  });

  it("wraps an unexpected failure as INTERNAL", () => {
    const { ctx, lines } = capture();
    printError(ctx, new TypeError("boom"), { json: true, verbose: false });
    expect(JSON.parse(lines.out.join(""))).toEqual({
      error: {
        code: "INTERNAL",
        message: "boom",
        hints: ["this is a bug: report it with the command and its output"],
      },
    });
  });
});
