/**
 * Start-up time of the `golem` CLI's help, the path every user hits first: spawns
 * `golem --help` and `golem vm --help` N times each, interleaved with `node -e 0` (the floor:
 * Node itself) so all three see the same machine load. Prints medians, then as its last line
 * one JSON object. Target: help <= 300 ms.
 *
 * @example node bench/cli-help.ts --runs 15
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { median } from "./lib/bench-kit.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);
const golem = fileURLToPath(new URL("../requestor/bin/golem.js", import.meta.url));
// A fresh state folder would be created by nothing on the help path; pin one anyway.
const env = { ...process.env, GOLEM_REQUESTOR_HOME: "/nonexistent/golem-bench" };

const time = (args: string[]) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
};
// One warm-up each so the file cache is hot for every variant.
time([golem, "--help"]);
time([golem, "vm", "--help"]);
time(["-e", "0"]);
const help: number[] = [];
const vmHelp: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < runs; i++) {
  help.push(time([golem, "--help"]));
  vmHelp.push(time([golem, "vm", "--help"]));
  baseline.push(time(["-e", "0"]));
}
const helpMs = Math.round(median(help));
const vmHelpMs = Math.round(median(vmHelp));
const nodeBaselineMs = Math.round(median(baseline));
const ratio = Math.round((Math.max(helpMs, vmHelpMs) / nodeBaselineMs) * 100) / 100;
console.log(`golem --help      median ${helpMs} ms over ${runs} runs`);
console.log(`golem vm --help   median ${vmHelpMs} ms`);
console.log(`node -e 0         median ${nodeBaselineMs} ms (same run, interleaved)`);
console.log(
  `slowest help / node = ${ratio}; target help <= 300 ms: ${Math.max(helpMs, vmHelpMs) <= 300 ? "met" : "MISSED"}`,
);
console.log(JSON.stringify({ helpMs, vmHelpMs, nodeBaselineMs, ratio }));
