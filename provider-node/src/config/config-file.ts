import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** Parsed contents of a config file: a nested object of settings. */
export type ConfigFileContents = Record<string, unknown>;

/**
 * Reads a JSON config file; a missing file is an empty config. Fails with `CONFIG_INVALID`
 * when the file is not a JSON object.
 *
 * @example const file = await readConfigFile(join(dataDir, "config.json"));
 */
export async function readConfigFile(path: string): Promise<ConfigFileContents> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GolemError("CONFIG_INVALID", `config file ${path} is not valid JSON`, {
      hints: ["fix the JSON syntax or delete the file to go back to the defaults"],
      details: { path, reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GolemError("CONFIG_INVALID", `config file ${path} does not hold a JSON object`, {
      hints: ['write the settings as one object, e.g. {"api": {"port": 7466}}'],
      details: { path },
    });
  }
  return parsed as ConfigFileContents;
}

/**
 * Merges `patch` into a JSON config file (nested objects merge, other values replace) and
 * writes it atomically (temp file + rename) with mode 0600. Returns the new contents.
 *
 * @example await updateConfigFile(path, { pricing: { usdPerCore: 12 } });
 */
export async function updateConfigFile(
  path: string,
  patch: ConfigFileContents,
): Promise<ConfigFileContents> {
  const next = mergeObjects(await readConfigFile(path), patch);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
  return next;
}

function mergeObjects(base: ConfigFileContents, patch: ConfigFileContents): ConfigFileContents {
  const out: ConfigFileContents = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const previous = out[key];
    out[key] =
      isPlainObject(value) && isPlainObject(previous) ? mergeObjects(previous, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is ConfigFileContents {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
