import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { configKeys } from "./config-keys.ts";
import { resolveConfig } from "./resolve-config.ts";

const schema = z.object({
  api: z.object({
    host: z.string().default("0.0.0.0").describe("address the API binds"),
    port: z.number().int().min(1).max(65535).default(7466).describe("API port"),
  }),
  corsOrigins: z.array(z.string()).default([]).describe("allowed browser origins"),
  paymentsEnabled: z.boolean().default(true),
  driver: z.enum(["qemu", "multipass"]).default("qemu"),
});

describe("configKeys", () => {
  it("lists every leaf with its env name, type and default", () => {
    const keys = configKeys(schema, "GOLEM_PROVIDER_");
    expect(keys.map((k) => [k.env, k.type, k.defaultValue])).toEqual([
      ["GOLEM_PROVIDER_API_HOST", "string", "0.0.0.0"],
      ["GOLEM_PROVIDER_API_PORT", "number", 7466],
      ["GOLEM_PROVIDER_CORS_ORIGINS", "array", []],
      ["GOLEM_PROVIDER_PAYMENTS_ENABLED", "boolean", true],
      ["GOLEM_PROVIDER_DRIVER", "enum", "qemu"],
    ]);
    expect(keys[1]?.description).toBe("API port");
    expect(keys[4]?.values).toEqual(["qemu", "multipass"]);
  });

  it("keeps unit acronyms one word in env names", () => {
    const units = z.object({
      pricing: z.object({ perGiBMemoryHour: z.string(), perCoreHour: z.string() }),
      minStorageGib: z.number(),
      memoryMiB: z.number(),
    });
    expect(configKeys(units, "GOLEM_PROVIDER_").map((k) => k.env)).toEqual([
      "GOLEM_PROVIDER_PRICING_PER_GIB_MEMORY_HOUR",
      "GOLEM_PROVIDER_PRICING_PER_CORE_HOUR",
      "GOLEM_PROVIDER_MIN_STORAGE_GIB",
      "GOLEM_PROVIDER_MEMORY_MIB",
    ]);
  });
});

describe("resolveConfig", () => {
  const envPrefix = "GOLEM_PROVIDER_";

  it("takes defaults when nothing is given", () => {
    expect(resolveConfig({ schema, envPrefix })).toEqual({
      api: { host: "0.0.0.0", port: 7466 },
      corsOrigins: [],
      paymentsEnabled: true,
      driver: "qemu",
    });
  });

  it("ranks flag over env over file over default", () => {
    const config = resolveConfig({
      schema,
      envPrefix,
      file: { api: { port: 1000, host: "10.0.0.1" }, driver: "multipass" },
      env: { GOLEM_PROVIDER_API_PORT: "2000", GOLEM_PROVIDER_CORS_ORIGINS: "http://a,http://b" },
      flags: { api: { port: 3000, host: undefined } },
    });
    expect(config.api).toEqual({ host: "10.0.0.1", port: 3000 });
    expect(config.corsOrigins).toEqual(["http://a", "http://b"]);
    expect(config.driver).toBe("multipass");
  });

  it("applies defaults inside nested sections several levels deep", () => {
    const deep = z.object({
      a: z.object({ x: z.number().default(1), b: z.object({ c: z.string().default("c") }) }),
    });
    expect(resolveConfig({ schema: deep, envPrefix })).toEqual({ a: { x: 1, b: { c: "c" } } });
  });

  it("reads booleans and JSON arrays from env", () => {
    const config = resolveConfig({
      schema,
      envPrefix,
      env: { GOLEM_PROVIDER_PAYMENTS_ENABLED: "false", GOLEM_PROVIDER_CORS_ORIGINS: '["x"]' },
    });
    expect(config.paymentsEnabled).toBe(false);
    expect(config.corsOrigins).toEqual(["x"]);
  });

  it("lists every bad key with where it came from", () => {
    let error: unknown;
    try {
      resolveConfig({
        schema,
        envPrefix,
        env: { GOLEM_PROVIDER_API_PORT: "http", GOLEM_PROVIDER_PAYMENTS_ENABLED: "maybe" },
        file: { driver: "docker" },
        fileName: "config.json",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GolemError);
    const g = error as GolemError;
    expect(g.code).toBe("CONFIG_INVALID");
    const problems = (g.details?.problems ?? []) as { key: string; source: string }[];
    expect(problems.map((p) => [p.key, p.source])).toEqual([
      ["api.port", "env GOLEM_PROVIDER_API_PORT"],
      ["paymentsEnabled", "env GOLEM_PROVIDER_PAYMENTS_ENABLED"],
      ["driver", "file config.json"],
    ]);
  });
});
