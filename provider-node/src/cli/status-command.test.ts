import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { afterEach, beforeEach, expect, test } from "vitest";
import { freePort } from "../../../scripts/lib/free-port.ts";
import { type CliContext, testOnlyFakeDriverEnv } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

let dir: string;
let out: string[];
let ctx: CliContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "status-"));
  out = [];
  ctx = {
    env: {
      [testOnlyFakeDriverEnv]: join(dir, "fake"),
      GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
      GOLEM_PROVIDER_API_HOST: "127.0.0.1",
      GOLEM_PROVIDER_API_PORT: String(await freePort()),
    },
    homeDir: dir,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    version: "0.0.0-test",
    self: { execPath: process.execPath, args: [] },
    argv: [],
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...args: string[]) =>
  createProgram({ ...ctx, argv: args }).parseAsync(args, { from: "user" });

test("status prints the report and exits 1 when the overall state is error", async () => {
  // Another program holds the API port and no node runs: the node could not serve.
  const blocker = createServer().listen(Number(ctx.env.GOLEM_PROVIDER_API_PORT), "127.0.0.1");
  await once(blocker, "listening");
  try {
    const failure = await run("status", "--json").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CommanderError);
    expect((failure as CommanderError).exitCode).toBe(1);
    const status = JSON.parse(out.join("\n"));
    expect(status.overall.status).toBe("error");
    expect(status.ports.provider).toMatchObject({ local: "in-use", external: "unknown" });
  } finally {
    blocker.close();
  }
  // Without the blocker the node is merely not running: issues, exit 0.
  out = [];
  await run("status", "--json");
  expect(JSON.parse(out.join("\n")).overall.status).toBe("issues");
});
