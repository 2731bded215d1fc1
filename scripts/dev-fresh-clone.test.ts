// `./dev` on a fresh clone of this repository's HEAD, as a newcomer runs it: the first call
// installs the npm packages with `npm ci` and changes no tracked file (`git status --porcelain`
// stays empty); the second does not install again, and a deploy compiles the contracts the clone
// does not have yet. Real npm, git and Hardhat; no network but the npm registry (mostly served
// from npm's cache). Minutes: one `npm ci` of the whole workspace.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
let work: string;
let clone: string;

type Run = { code: number; stdout: string; stderr: string };

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  // The clone's ./dev sees this Node first on PATH (it is in the supported range: this test
  // runs under it) and none of the npm_* variables of the `npm run` that started the tests.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
  env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ""}`;
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "golem-fresh-clone-"));
  clone = join(work, "repo");
  const cloned = await run("git", ["clone", "--quiet", root, clone], work);
  expect(cloned.code, cloned.stderr).toBe(0);
}, 120_000);

// Removing the clone's node_modules (1.5 GB) takes longer than a hook's default 10 s.
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
}, 300_000);

describe("./dev on a fresh clone", () => {
  test("the first call installs with npm ci and leaves no tracked file changed", async () => {
    const first = await run("./dev", ["golem", "--help"], clone);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("installing npm packages (npm ci)");
    expect(first.stdout).toContain("Usage: golem");
    const status = await run("git", ["status", "--porcelain", "--untracked-files=all"], clone);
    expect(status.stdout).toBe("");
    // The stamp ./dev compares on its next call is the lockfile as committed.
    const stamp = await readFile(join(clone, "node_modules", ".dev-lock-hash"), "utf8");
    expect(stamp.trim()).toMatch(/^\d+$/);
  }, 900_000);

  test("a second call does not install again; a deploy compiles the contracts itself", async () => {
    // A fresh clone has no compiled contracts: the deploy (to the in-process chain) builds them.
    const second = await run("./dev", ["deploy", "--network", "default"], clone);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(second.stderr).not.toContain("installing npm packages");
    expect(second.stdout).toContain("compiling the contracts (first run");
    expect(second.stdout).toMatch(/"StreamPayment": \{\s+"address": "0x[0-9a-fA-F]{40}"/);
    const status = await run("git", ["status", "--porcelain", "--untracked-files=all"], clone);
    expect(status.stdout).toBe("");
  }, 300_000);

  test("the Node range ./dev accepts is the root package.json's engines", async () => {
    const dev = await readFile(join(root, "dev"), "utf8");
    const range = dev.match(/^NODE_RANGE='([^']+)'$/m)?.[1];
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(range).toBe(pkg.engines.node);
  });
});
