import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { updateConfigFile } from "./config-file.ts";
import { expandHome, loadProviderConfig } from "./load-provider-config.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "provider-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadProviderConfig", () => {
  test("uses the defaults and expands ~ in paths", async () => {
    const { config, keys } = await loadProviderConfig({ homeDir: dir });
    expect(config.dataDir).toBe(join(dir, ".golem-provider"));
    expect(config.cacheDir).toBe(join(dir, ".cache/vm-on-golem"));
    expect(config.api.port).toBe(7466);
    expect(config.ssh).toMatchObject({
      portRangeStart: 22_800,
      portRangeEnd: 22_900,
      hostPortRangeStart: 23_800,
      hostPortRangeEnd: 23_900,
      idleTimeoutSeconds: 3600,
      maxConnections: 128,
      maxConnectionsPerIp: 16,
    });
    expect(config.resources).toMatchObject({
      maxVms: 10,
      cpuThreshold: 0.9,
      memoryThreshold: 0.85,
    });
    expect(config.payments.enabled).toBe(true);
    expect(keys.every((k) => k.source === "default")).toBe(true);
    expect(keys.every((k) => k.description && /\(.+\)/.test(k.description))).toBe(true);
  });

  test("ranks flag over env over the data dir's config.json over default, and says so", async () => {
    await writeFile(
      join(dir, "config.json"),
      JSON.stringify({
        api: { port: 1000, host: "127.0.0.1" },
        country: "SE",
        dataDir: "/elsewhere",
      }),
    );
    const { config, keys } = await loadProviderConfig({
      homeDir: "/home/nobody",
      flags: { dataDir: dir, api: { port: 3000 } },
      env: { GOLEM_PROVIDER_API_HOST: "10.0.0.1", GOLEM_PROVIDER_COUNTRY: "DE" },
    });
    expect(config.dataDir).toBe(dir);
    expect(config.api).toMatchObject({ port: 3000, host: "10.0.0.1" });
    expect(config.country).toBe("DE");
    const source = (env: string) => keys.find((k) => k.env === env)?.source;
    expect(source("GOLEM_PROVIDER_API_PORT")).toBe("flag");
    expect(source("GOLEM_PROVIDER_API_HOST")).toBe("env");
    expect(source("GOLEM_PROVIDER_SSH_BIND_HOST")).toBe("default");
  });

  test("reads the data dir from the env and the file's values below it", async () => {
    await writeFile(join(dir, "config.json"), JSON.stringify({ country: "SE" }));
    const { config, keys } = await loadProviderConfig({
      homeDir: "/home/nobody",
      env: { GOLEM_PROVIDER_DATA_DIR: dir },
    });
    expect(config.country).toBe("SE");
    expect(keys.find((k) => k.path.join(".") === "country")?.source).toBe("file");
  });

  test("the old discovery label `network` in the file or the env is a CONFIG_INVALID naming where", async () => {
    await writeFile(join(dir, "config.json"), JSON.stringify({ network: "testnet" }));
    const fromFile = await golemRejection(
      loadProviderConfig({ homeDir: "/home/nobody", env: { GOLEM_PROVIDER_DATA_DIR: dir } }),
    );
    expect(fromFile.code).toBe("CONFIG_INVALID");
    expect(fromFile.message).toBe(
      `network (in ${join(dir, "config.json")}) is no longer a setting: it was the discovery network label; the payments network is payments.chainId`,
    );
    expect(fromFile.hints[0]).toBe(`remove "network" from ${join(dir, "config.json")}`);
    await writeFile(join(dir, "config.json"), "{}");
    const fromEnv = await golemRejection(
      loadProviderConfig({
        homeDir: "/home/nobody",
        env: { GOLEM_PROVIDER_DATA_DIR: dir, GOLEM_PROVIDER_NETWORK: "development" },
      }),
    );
    expect(fromEnv.hints[0]).toBe("unset GOLEM_PROVIDER_NETWORK");
  });

  test("vms.healthIntervalSeconds: 30 s by default, from GOLEM_PROVIDER_VMS_HEALTH_INTERVAL_SECONDS", async () => {
    expect((await loadProviderConfig({ homeDir: dir })).config.vms.healthIntervalSeconds).toBe(30);
    const { config } = await loadProviderConfig({
      homeDir: dir,
      env: { GOLEM_PROVIDER_VMS_HEALTH_INTERVAL_SECONDS: "0" },
    });
    expect(config.vms.healthIntervalSeconds).toBe(0);
  });

  test("vms.snapshots: on by default, off from GOLEM_PROVIDER_VMS_SNAPSHOTS", async () => {
    expect((await loadProviderConfig({ homeDir: dir })).config.vms.snapshots).toBe("on");
    const { config } = await loadProviderConfig({
      homeDir: dir,
      env: { GOLEM_PROVIDER_VMS_SNAPSHOTS: "off" },
    });
    expect(config.vms.snapshots).toBe("off");
  });

  test("fails with CONFIG_INVALID naming every bad key", async () => {
    const error = await golemRejection(
      loadProviderConfig({
        homeDir: dir,
        env: { GOLEM_PROVIDER_API_PORT: "70000", GOLEM_PROVIDER_SSH_PORT_RANGE_END: "20000" },
      }),
    );
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("api.port (env GOLEM_PROVIDER_API_PORT)");
    expect(error.message).toContain("ssh.portRangeStart");
  });

  test("fails with CONFIG_INVALID on a config file that is not JSON", async () => {
    await writeFile(join(dir, "config.json"), "{ nope");
    const error = await golemRejection(
      loadProviderConfig({ homeDir: "/", flags: { dataDir: dir } }),
    );
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("not valid JSON");
  });
});

describe("updateConfigFile", () => {
  test("merges nested keys, keeps the others and writes mode 0600", async () => {
    const path = join(dir, "sub", "config.json");
    await updateConfigFile(path, { api: { port: 1 }, pricing: { usdPerCore: 1 } });
    await updateConfigFile(path, { pricing: { usdPerMemGib: 2 } });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      api: { port: 1 },
      pricing: { usdPerCore: 1, usdPerMemGib: 2 },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

test("expandHome replaces only a leading ~", () => {
  expect(expandHome("~/x", "/h")).toBe("/h/x");
  expect(expandHome("~", "/h")).toBe("/h");
  expect(expandHome("/a/~/b", "/h")).toBe("/a/~/b");
});
