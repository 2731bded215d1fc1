import { join } from "node:path";
import { type ConfigKey, configKeys, resolveConfig } from "@vm-on-golem/sdk/config";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { type ConfigFileContents, readConfigFile } from "./config-file.ts";
import { type ProviderConfig, providerConfigSchema, providerEnvPrefix } from "./provider-config.ts";

/** Inputs of {@link loadProviderConfig}: the layers only an entry point can read. */
export type LoadProviderConfigParameters = {
  /** Values from command-line flags (nested, `undefined` leaves ignored). */
  flags?: Record<string, unknown>;
  /** The environment (the CLI passes `process.env`). */
  env?: Record<string, string | undefined>;
  /** The user's home directory, for `~` in paths. */
  homeDir: string;
};

/** Where one key's value came from. */
export type ConfigSource = "flag" | "env" | "file" | "default";

/** A resolved configuration, the file it read, and where each key came from. */
export type LoadProviderConfigReturnType = {
  config: ProviderConfig;
  /** `<dataDir>/config.json`. */
  filePath: string;
  file: ConfigFileContents;
  /** One entry per leaf key, in schema order. */
  keys: Array<ConfigKey & { value: unknown; source: ConfigSource }>;
};

/**
 * Resolves the provider's configuration: flag > env > `<dataDir>/config.json` > default, with
 * `~` expanded in paths. `dataDir` itself comes from the flag, env or default (never the file
 * inside it). Fails with `CONFIG_INVALID` listing every bad key.
 *
 * @example const { config } = await loadProviderConfig({ flags, env: process.env, homeDir: homedir() });
 */
export async function loadProviderConfig(
  parameters: LoadProviderConfigParameters,
): Promise<LoadProviderConfigReturnType> {
  const flags = parameters.flags ?? {};
  const env = parameters.env ?? {};
  const rawDataDir =
    (flags.dataDir as string | undefined) ??
    env[`${providerEnvPrefix}DATA_DIR`] ??
    (providerConfigSchema.shape.dataDir.parse(undefined) as string);
  const dataDir = expandHome(rawDataDir, parameters.homeDir);
  const filePath = join(dataDir, "config.json");
  const { dataDir: _ignored, ...file } = await readConfigFile(filePath);
  refuseOldNetworkKey(file, env, filePath);
  const parsed = resolveConfig({
    schema: providerConfigSchema,
    envPrefix: providerEnvPrefix,
    env,
    file,
    flags,
    fileName: filePath,
  });
  const config: ProviderConfig = {
    ...parsed,
    dataDir,
    cacheDir: expandHome(parsed.cacheDir, parameters.homeDir),
  };
  const keys = configKeys(providerConfigSchema, providerEnvPrefix).map((key) => ({
    ...key,
    value: valueAt(config, key.path),
    source: sourceOf(key, { flags, env, file }),
  }));
  return { config, filePath, file, keys };
}

/** Replaces a leading `~` with `homeDir`. */
export function expandHome(path: string, homeDir: string): string {
  if (path === "~") return homeDir;
  return path.startsWith("~/") ? join(homeDir, path.slice(2)) : path;
}

function valueAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

function sourceOf(
  key: ConfigKey,
  layers: {
    flags: Record<string, unknown>;
    env: Record<string, string | undefined>;
    file: unknown;
  },
): ConfigSource {
  if (valueAt(layers.flags, key.path) !== undefined) return "flag";
  if (layers.env[key.env] !== undefined) return "env";
  if (valueAt(layers.file, key.path) !== undefined) return "file";
  return "default";
}

/**
 * `network` was the discovery network label (development, testnet, mainnet); the name now means
 * the payments network, as in `golem`, and is a `--network` flag setting `payments.chainId`. A
 * file or environment that still sets the old key fails instead of being silently ignored.
 */
function refuseOldNetworkKey(
  file: Record<string, unknown>,
  env: Record<string, string | undefined>,
  filePath: string,
): void {
  const envKey = `${providerEnvPrefix}NETWORK`;
  const where = "network" in file ? filePath : env[envKey] !== undefined ? envKey : undefined;
  if (where === undefined) return;
  throw new GolemError(
    "CONFIG_INVALID",
    `network (in ${where}) is no longer a setting: it was the discovery network label; the payments network is payments.chainId`,
    {
      hints: [
        where === envKey ? `unset ${envKey}` : `remove "network" from ${filePath}`,
        "choose the payments network with `golem-provider start --network local|sepolia|…` or payments.chainId",
      ],
      details: { key: "network", where },
    },
  );
}
