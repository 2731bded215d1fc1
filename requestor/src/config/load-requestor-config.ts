import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { resolveConfig } from "@vm-on-golem/sdk/config";
import { GolemError } from "@vm-on-golem/sdk/errors";
import {
  type RequestorConfig,
  requestorConfigSchema,
  requestorEnvPrefix,
} from "./requestor-config-schema.ts";

/** Parameters of {@link loadRequestorConfig}. */
export type LoadRequestorConfigParameters = {
  /** The environment (the entry point passes `process.env`). */
  env: Record<string, string | undefined>;
  /** Values from flags, nested like the schema; `undefined` leaves are ignored. */
  flags?: Record<string, unknown> | undefined;
};

/** Expands a leading `~` to the user's home folder and makes the path absolute. */
export function expandHome(path: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return resolve(path);
}

function readConfigFile(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw cause;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new GolemError("CONFIG_INVALID", `${path} is not JSON`, {
      hints: ["fix the file or delete it to use the defaults"],
      details: { path },
      cause,
    });
  }
}

/**
 * Resolves the CLI's settings: flag > env `GOLEM_REQUESTOR_*` > `<home>/config.json` > default.
 * `home` comes from flags or env only (the file lives inside it). Paths come back absolute.
 *
 * @example
 * const config = loadRequestorConfig({ env: process.env, flags: { rpcUrl: opts.rpcUrl } });
 */
export function loadRequestorConfig(params: LoadRequestorConfigParameters): RequestorConfig {
  const first = resolveConfig({
    schema: requestorConfigSchema,
    envPrefix: requestorEnvPrefix,
    env: params.env,
    flags: params.flags,
  });
  const home = expandHome(first.home);
  const fileName = join(home, "config.json");
  const file = readConfigFile(fileName);
  const config =
    file === undefined
      ? first
      : resolveConfig({
          schema: requestorConfigSchema,
          envPrefix: requestorEnvPrefix,
          env: params.env,
          flags: params.flags,
          file: { ...file, home },
          fileName,
        });
  return {
    ...config,
    home,
    keystore: config.keystore === undefined ? undefined : expandHome(config.keystore),
    deploymentsDir:
      config.deploymentsDir === undefined ? undefined : expandHome(config.deploymentsDir),
  };
}
