import type { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { configKeys } from "./config-keys.ts";

/** Where each layer of a program's configuration comes from. */
export type ResolveConfigParameters<T extends z.ZodType> = {
  schema: T;
  /** Env prefix, e.g. `GOLEM_PROVIDER_`. */
  envPrefix: string;
  /** The environment to read (the entry point passes `process.env`). */
  env?: Record<string, string | undefined>;
  /** Parsed config file contents (nested object), if any. */
  file?: Record<string, unknown>;
  /** Values from command-line flags (nested object); `undefined` leaves are ignored. */
  flags?: Record<string, unknown>;
  /** Names the file in errors. */
  fileName?: string;
};

type Tree = Record<string, unknown>;

function setPath(target: Tree, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node[part] = typeof next === "object" && next !== null ? next : {};
    node = node[part] as Tree;
  }
  node[path.at(-1) as string] = value;
}

function deepMerge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const prev = out[k];
    const bothObjects =
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      typeof prev === "object" &&
      prev !== null &&
      !Array.isArray(prev);
    out[k] = bothObjects ? deepMerge(prev as Tree, v as Tree) : v;
  }
  return out;
}

/** Turns one env string into the type its key expects; leaves it as is when it cannot, so zod reports it. */
function fromEnv(raw: string, type: string): unknown {
  switch (type) {
    case "number":
      return raw.trim() === "" ? raw : Number(raw);
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(raw)) return true;
      if (/^(false|0|no|off)$/i.test(raw)) return false;
      return raw;
    case "array":
      if (raw.trim().startsWith("[")) {
        try {
          return JSON.parse(raw);
        } catch {
          return raw;
        }
      }
      return raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

/**
 * Resolves a program's configuration: flag > env > file > default, validated by one
 * zod schema. Fails with `CONFIG_INVALID` listing every bad key and where it came from.
 * Call it only at a program's entry point.
 *
 * @example
 * const config = resolveConfig({ schema, envPrefix: "GOLEM_PROVIDER_", env: process.env, flags });
 */
export function resolveConfig<T extends z.ZodType>(
  params: ResolveConfigParameters<T>,
): z.output<T> {
  const keys = configKeys(params.schema, params.envPrefix);
  // Nested sections start empty so their keys' defaults apply when nothing sets them.
  const skeleton: Tree = {};
  for (const key of keys) {
    let node = skeleton;
    for (const part of key.path.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Tree;
    }
  }
  const fromEnvTree: Tree = {};
  const sources = new Map<string, string>();
  for (const key of keys) {
    const raw = params.env?.[key.env];
    if (raw === undefined) continue;
    setPath(fromEnvTree, key.path, fromEnv(raw, key.type));
    sources.set(key.path.join("."), `env ${key.env}`);
  }
  const merged = [params.file ?? {}, fromEnvTree, params.flags ?? {}].reduce(deepMerge, skeleton);
  const result = params.schema.safeParse(merged);
  if (result.success) return result.data;

  const describeSource = (path: string) => {
    if (params.flags && hasPath(params.flags, path)) return "flag";
    return (
      sources.get(path) ??
      (params.file && hasPath(params.file, path)
        ? `file ${params.fileName ?? ""}`.trim()
        : "default")
    );
  };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return { key: path, problem: issue.message, source: describeSource(path) };
  });
  throw new GolemError(
    "CONFIG_INVALID",
    `configuration is invalid: ${problems.map((p) => `${p.key || "(root)"} (${p.source}): ${p.problem}`).join("; ")}`,
    {
      details: { problems },
      hints: ["fix the listed keys in the flags, environment or config file and start again"],
    },
  );
}

function hasPath(tree: Tree, dotted: string): boolean {
  let node: unknown = tree;
  for (const part of dotted.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Tree)[part];
  }
  return node !== undefined;
}
