import type { z } from "zod";

/** One leaf setting of a config schema, as documented and as read from the environment. */
export type ConfigKey = {
  /** Dotted path, e.g. `api.port`. */
  path: string[];
  /** Environment variable, e.g. `GOLEM_PROVIDER_API_PORT`. */
  env: string;
  /** Base type after unwrapping defaults and optionals. */
  type: "string" | "number" | "boolean" | "array" | "enum" | "other";
  /** Default value, when the schema has one. */
  defaultValue: unknown;
  /** The schema's `.describe()` text. */
  description: string | undefined;
  /** Allowed values of an enum. */
  values?: string[];
};

type AnySchema = z.ZodType & {
  def: {
    type: string;
    innerType?: AnySchema;
    in?: AnySchema;
    shape?: Record<string, AnySchema>;
    defaultValue?: unknown;
    entries?: Record<string, string>;
  };
  description?: string;
};

// Unit acronyms stay one word: perGiBMemoryHour → PER_GIB_MEMORY_HOUR, not PER_GI_BMEMORY_HOUR.
const snake = (s: string) =>
  s
    .replace(/([KMGT])iB/g, (unit: string) => `${unit[0]}ib`)
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase();

/** Unwraps `.default()`, `.optional()`, `.nullable()` and pipes to the schema that holds the type. */
function unwrap(schema: AnySchema): {
  base: AnySchema;
  defaultValue: unknown;
  description?: string;
} {
  let s = schema;
  let defaultValue: unknown;
  let description = s.description;
  for (;;) {
    const d = s.def;
    if (d.type === "default" && defaultValue === undefined) defaultValue = d.defaultValue;
    const next = d.innerType ?? (d.type === "pipe" ? d.in : undefined);
    if (!next) break;
    s = next;
    description ??= s.description;
  }
  return description === undefined
    ? { base: s, defaultValue }
    : { base: s, defaultValue, description };
}

/**
 * Lists every leaf key of a nested zod object schema with its env variable name.
 *
 * @example
 * configKeys(providerConfigSchema, "GOLEM_PROVIDER_").find((k) => k.env === "GOLEM_PROVIDER_API_PORT");
 */
export function configKeys(schema: z.ZodType, envPrefix: string, path: string[] = []): ConfigKey[] {
  const { base, defaultValue, description } = unwrap(schema as AnySchema);
  const shape = base.def.type === "object" ? base.def.shape : undefined;
  if (shape) {
    return Object.entries(shape).flatMap(([name, child]) =>
      configKeys(child, envPrefix, [...path, name]),
    );
  }
  const t = base.def.type;
  const type: ConfigKey["type"] =
    t === "string" || t === "number" || t === "boolean" || t === "array" || t === "enum"
      ? t
      : "other";
  const key: ConfigKey = {
    path,
    env: envPrefix + path.map(snake).join("_"),
    type,
    defaultValue,
    description,
  };
  if (t === "enum" && base.def.entries) key.values = Object.values(base.def.entries);
  return [key];
}
