/**
 * A long-running program inside a network namespace (the testnet's chain host and bootstrap
 * peer): its output goes to a log file, and it is ready when it prints its first JSON line.
 *
 * @example
 * const boot = await spawnInNetns({ ns, argv: [process.execPath, "boot-peer.ts"], logFile });
 * const { multiaddrs } = boot.ready as { multiaddrs: string[] };
 * await boot.stop();
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** Parameters of {@link spawnInNetns}. */
export type SpawnInNetnsParameters = {
  ns: string;
  /** The program and its arguments. */
  argv: [string, ...string[]];
  /** Where its stdout and stderr go. */
  logFile: string;
  /** Working directory (default this process's). */
  cwd?: string;
  /** How long to wait for the first JSON line, ms. Default 180 000. */
  timeoutMs?: number;
};

/** A started program. */
export type NetnsProcess = {
  /** The first JSON line it printed, parsed. */
  ready: unknown;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
};

/**
 * Starts `argv` in namespace `ns` and resolves with its first JSON line; a program that exits or
 * stays silent first is `TESTNET_HOST_FAILED` with the log file to read.
 */
export async function spawnInNetns(parameters: SpawnInNetnsParameters): Promise<NetnsProcess> {
  const log = createWriteStream(parameters.logFile, { flags: "a" });
  const child = spawn("ip", ["netns", "exec", parameters.ns, ...parameters.argv], {
    cwd: parameters.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr.pipe(log);
  let exited = child.exitCode !== null;
  child.once("exit", () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    const gone = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<unknown>((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new GolemError(
          "TESTNET_HOST_FAILED",
          `${parameters.argv.join(" ")} in ${parameters.ns} ${why}`,
          {
            hints: [`read its output in ${parameters.logFile}`],
            details: { ns: parameters.ns, logFile: parameters.logFile },
          },
        ),
      );
    const timer = setTimeout(
      () => fail("printed nothing in time"),
      parameters.timeoutMs ?? 180_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
    lines.on("line", (line) => {
      log.write(`${line}\n`);
      if (!line.startsWith("{")) return;
      try {
        const parsed = JSON.parse(line) as unknown;
        clearTimeout(timer);
        resolve(parsed);
      } catch {
        // Not the ready line: logged like the rest.
      }
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { ready, stop };
}
