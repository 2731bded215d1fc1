import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { afterEach, describe, expect, it } from "vitest";
import { expandHome, loadRequestorConfig } from "./load-requestor-config.ts";
import { configChainId } from "./requestor-config-schema.ts";

const dirs: string[] = [];
const tempHome = async () => {
  const dir = await mkdtemp(join(tmpdir(), "golem-config-"));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("loadRequestorConfig", () => {
  it("has defaults for everything", async () => {
    const home = await tempHome();
    const config = loadRequestorConfig({ env: { GOLEM_REQUESTOR_HOME: home } });
    expect(config).toMatchObject({
      home,
      network: "local",
      rpcUrl: "http://127.0.0.1:8545",
      discovery: { bootstrap: [], httpUrls: [], waitMs: 5000 },
      ssh: { user: "golem", command: "ssh" },
      server: { host: "127.0.0.1", port: 7465 },
      autoTopUp: {
        enabled: true,
        intervalSeconds: 30,
        minRunwaySeconds: 3600,
        targetRunwaySeconds: 7200,
      },
    });
    expect(configChainId(config)).toBe(31337);
  });

  it("takes flag > env > <home>/config.json > default", async () => {
    const home = await tempHome();
    await writeFile(
      join(home, "config.json"),
      JSON.stringify({
        rpcUrl: "http://file:1",
        network: "sepolia",
        autoTopUp: { intervalSeconds: 5 },
      }),
    );
    const config = loadRequestorConfig({
      env: {
        GOLEM_REQUESTOR_HOME: home,
        GOLEM_REQUESTOR_RPC_URL: "http://env:2",
        GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "/ip4/1.2.3.4/tcp/1/p2p/a, /ip4/1.2.3.4/tcp/2/p2p/b",
      },
      flags: { rpcUrl: "http://flag:3", chainId: undefined },
    });
    expect(config.rpcUrl).toBe("http://flag:3");
    expect(config.network).toBe("sepolia");
    expect(config.autoTopUp).toEqual({
      enabled: true,
      intervalSeconds: 5,
      minRunwaySeconds: 3600,
      targetRunwaySeconds: 7200,
    });
    expect(config.discovery.bootstrap).toHaveLength(2);
    expect(configChainId(config)).toBe(11155111);
    expect(configChainId({ ...config, chainId: 5 })).toBe(5);
  });

  it("fails with CONFIG_INVALID naming every bad key", async () => {
    const home = await tempHome();
    const error = (() => {
      try {
        loadRequestorConfig({
          env: { GOLEM_REQUESTOR_HOME: home, GOLEM_REQUESTOR_PRIVATE_KEY: "0x1234" },
          flags: { network: "moon" },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(isGolemError(error, "CONFIG_INVALID")).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("privateKey (env GOLEM_REQUESTOR_PRIVATE_KEY)");
    expect(message).toContain("network (flag)");
    expect(message).not.toContain("0x1234");
  });

  it("expands ~ and makes paths absolute", () => {
    expect(expandHome("~/.golem", "/home/u")).toBe("/home/u/.golem");
    expect(expandHome("~", "/home/u")).toBe("/home/u");
    expect(expandHome("/abs", "/home/u")).toBe("/abs");
  });
});
