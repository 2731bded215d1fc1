import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { GolemError } from "@vm-on-golem/sdk/errors";
import {
  type LoadProviderConfigReturnType,
  loadProviderConfig,
} from "../config/load-provider-config.ts";
import { createNodeDriver } from "../daemon/create-node-driver.ts";
import type { VmDriver } from "../vm/driver.ts";

/** Everything a CLI command may take from its process, passed in so commands are testable. */
export type CliContext = {
  /** The environment (only the CLI reads it). */
  env: Record<string, string | undefined>;
  homeDir: string;
  /** Prints to stdout (a newline is added). */
  out: (text: string) => void;
  /** Prints to stderr (a newline is added). */
  err: (text: string) => void;
  version: string;
  /** How to run this CLI again (`--daemon`): the executable and the arguments before the command. */
  self: { execPath: string; args: string[] };
  /** The arguments after the program name, as given. */
  argv: string[];
};

/**
 * The environment variable that swaps in the TEST-ONLY fake process driver (guests are
 * detached processes answering SSH banners). Only the test suite sets it; it is not a
 * config key and no operator should set it.
 */
export const testOnlyFakeDriverEnv = "GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR";

/** The default CLI context of this process. */
export function processContext(version: string, script: string): CliContext {
  return {
    env: process.env,
    homeDir: homedir(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    version,
    self: { execPath: process.execPath, args: [...process.execArgv, script] },
    argv: process.argv.slice(2),
  };
}

/** Resolves the configuration from the command's flags, the environment and the config file. */
export function loadConfig(
  ctx: CliContext,
  flags: Record<string, unknown>,
): Promise<LoadProviderConfigReturnType> {
  return loadProviderConfig({ flags, env: ctx.env, homeDir: ctx.homeDir });
}

/**
 * The VM driver the config names, or the test-only fake driver when the test suite asked
 * for it through {@link testOnlyFakeDriverEnv}.
 */
export async function driverFor(
  ctx: CliContext,
  config: LoadProviderConfigReturnType["config"],
  options: { buildImage: boolean; log?: (line: string) => void },
): Promise<VmDriver> {
  const fakeDir = ctx.env[testOnlyFakeDriverEnv];
  if (fakeDir) {
    if (!fakeDir.startsWith("/")) {
      throw new GolemError("CONFIG_INVALID", `${testOnlyFakeDriverEnv} must be an absolute path`);
    }
    options.log?.(`TEST ONLY: using the fake process driver in ${fakeDir}, not ${config.driver}`);
    // Test support is loaded only here and only when a test asks. The path is computed, so no
    // build follows it from src/ into test/, and a published package (no test/) never has it.
    const fakeDriver = new URL("../../test/support/fake-process-driver.ts", import.meta.url);
    if (!existsSync(fakeDriver)) {
      throw new GolemError("CONFIG_INVALID", `${testOnlyFakeDriverEnv} is set`, {
        hints: [
          `unset ${testOnlyFakeDriverEnv}: the test-only fake driver exists only in the repository`,
        ],
      });
    }
    const { createFakeProcessDriver } = (await import(fakeDriver.href)) as {
      createFakeProcessDriver: (stateDir: string) => VmDriver;
    };
    return createFakeProcessDriver(fakeDir);
  }
  return createNodeDriver(config, options);
}
