/**
 * Compiles the Solidity contracts (not the Solidity tests) when they changed since the last
 * build, so every script that deploys (`./dev demo`, `./dev chain`, `./dev deploy`, the gas
 * bench) works on a fresh clone. Hardhat's build is incremental: with nothing changed it only
 * hashes the sources (about a second).
 *
 * @example await buildContracts({ log: (line) => console.log(line) });
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { config, tasks } from "hardhat";

/** Parameters of {@link buildContracts}. */
export type BuildContractsParameters = {
  /**
   * Hardhat build profile: `default` for local chains, `production` for public ones (what
   * `hardhat ignition deploy` builds with, and what `hardhat verify` expects).
   */
  profile?: "default" | "production";
  /** Told when there is nothing compiled yet, so the first run's wait is explained. */
  log?: (line: string) => void;
};

/** Builds the contracts if they changed; a failure is `CONTRACTS_BUILD_FAILED`. */
export async function buildContracts(params: BuildContractsParameters = {}): Promise<void> {
  // Asked of the file system: Hardhat's artifact manager keeps the first answer it reads, so
  // asking it before the build would hide the artifacts the build writes.
  if (!existsSync(join(config.paths.artifacts, "contracts", "StreamPayment.sol"))) {
    params.log?.("compiling the contracts (first run; later runs compile only what changed)");
  }
  try {
    await tasks.getTask("build").run({
      noTests: true,
      quiet: true,
      defaultBuildProfile: params.profile ?? "default",
    });
  } catch (error) {
    // The compiler's own errors (file, line, caret) were already printed by Hardhat.
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new GolemError("CONTRACTS_BUILD_FAILED", `the contracts did not compile: ${reason}`, {
      cause: error,
    });
  }
}
