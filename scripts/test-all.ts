/**
 * `./dev test`: every check of the project, one after another, then one line
 * `N passed, N failed[, N skipped]` summing every runner (CI reads that line).
 *
 * Usage: ./dev test [--steps lint,compile,typecheck,subgraph,licences,sol,ts] [vitest filters...]
 * In CI (CI=true) a skipped test counts as failed: nothing may skip there.
 * `--demo-exit-code N`: `.ci/run` ran `./dev demo --once` first (the README's first command)
 * and passes its exit code, so the demo counts as one check in the closing line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs, stripVTControlCharacters as stripAnsi } from "node:util";

type Counts = { passed: number; failed: number; skipped: number };
type Step = { name: string; run: () => Promise<Counts> };

const { values, positionals } = parseArgs({
  options: { steps: { type: "string" }, "demo-exit-code": { type: "string" } },
  allowPositionals: true,
});
const inCi = process.env.CI === "true";
const work = mkdtempSync(join(tmpdir(), "golem-test-"));

/** Runs a command, streaming its output, and returns its exit code and output. */
function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const onData = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", onData(process.stdout));
    child.stderr.on("data", onData(process.stderr));
    child.on("error", (err) => resolve({ code: 127, output: String(err) }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A step that counts as one check: passed when the command exits 0. */
function check(name: string, cmd: string, args: string[]): Step {
  return {
    name,
    run: async () => {
      const { code } = await run(cmd, args);
      return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
    },
  };
}

const countOf = (text: string, word: string) =>
  [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );

const solidity: Step = {
  name: "solidity tests (forge-std via Hardhat)",
  run: async () => {
    const { code, output } = await run("npx", ["hardhat", "test", "solidity"]);
    const text = stripAnsi(output);
    const counts = {
      passed: countOf(text, "passing"),
      failed: countOf(text, "failing"),
      skipped: countOf(text, "skipped"),
    };
    // A crash before any report (compile error, bad config) is still a failure.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  },
};

/** Every failed test (or file that failed to load), one line each, for the closing summary. */
const failures: string[] = [];
type VitestFile = {
  name: string;
  status: string;
  message?: string;
  assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
};
function failedTests(files: VitestFile[]): string[] {
  const firstLine = (text: string | undefined) =>
    stripAnsi(text ?? "")
      .split("\n")[0]
      ?.slice(0, 300) ?? "";
  const out: string[] = [];
  for (const file of files) {
    const where = relative(process.cwd(), file.name);
    if (file.status === "failed" && file.assertionResults.length === 0) {
      out.push(`${where}: (file failed to load) ${firstLine(file.message)}`);
    }
    for (const test of file.assertionResults) {
      if (test.status !== "failed") continue;
      out.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
  return out;
}

const vitest: Step = {
  name: "TypeScript tests (vitest)",
  run: async () => {
    const report = join(work, "vitest.json");
    const { code } = await run("npx", [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...positionals,
    ]);
    let json: {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: VitestFile[];
    };
    try {
      json = JSON.parse(readFileSync(report, "utf8"));
    } catch {
      return { passed: 0, failed: 1, skipped: 0 };
    }
    // A test file that fails to load has no assertion results: count it as one failure.
    const brokenFiles = json.testResults.filter(
      (f) => f.status === "failed" && f.assertionResults.length === 0,
    ).length;
    failures.push(...failedTests(json.testResults));
    const counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + brokenFiles,
      skipped: json.numPendingTests + json.numTodoTests,
    };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  },
};

const all: Record<string, Step> = {
  lint: check("lint (biome)", "npx", ["biome", "check", "."]),
  compile: check("compile contracts", "npx", ["hardhat", "compile", "--quiet"]),
  typecheck: check("type-check (tsc, tests and web included)", "npm", [
    "run",
    "--silent",
    "typecheck",
  ]),
  subgraph: check("subgraph codegen + build", "npm", ["run", "subgraph:build"]),
  // Builds the dapp (next build --analyze) when stale; the browser tests reuse that build.
  licences: check("licence gate (published packages, dapp bundle)", process.execPath, [
    "scripts/licences.ts",
  ]),
  sol: solidity,
  ts: vitest,
};
const chosen = values.steps ? values.steps.split(",") : Object.keys(all);
const unknown = chosen.filter((s) => !(s in all));
if (unknown.length > 0) {
  console.error(
    `error: unknown step(s) ${unknown.join(", ")}\n  hint: choose from ${Object.keys(all).join(", ")}`,
  );
  process.exit(2);
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
const demoExit = values["demo-exit-code"];
if (demoExit !== undefined) {
  const ok = demoExit === "0";
  total[ok ? "passed" : "failed"] += 1;
  lines.push(
    `  ${ok ? "ok  " : "FAIL"} ./dev demo --once (run before the tests): ${ok ? "1 passed, 0 failed" : `0 passed, 1 failed (exit ${demoExit})`}`,
  );
}
for (const key of chosen) {
  const step = all[key] as Step;
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const c = await step.run();
  if (inCi && c.skipped > 0) {
    console.error(
      `${step.name}: ${c.skipped} skipped test(s) count as failed in CI: nothing may skip there`,
    );
    c.failed += c.skipped;
    c.skipped = 0;
  }
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(
    `  ${c.failed > 0 ? "FAIL" : "ok  "} ${step.name}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""} (${secs} s)`,
  );
}
rmSync(work, { recursive: true, force: true });

if (failures.length > 0) {
  console.log(`\nFailed tests:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
}
console.log(`\n${lines.join("\n")}`);
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
process.exit(total.failed > 0 ? 1 : 0);
