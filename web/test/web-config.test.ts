/**
 * The dapp's `config.json`: written from the GOLEM_* environment (`./dev web`, `./dev web:build`),
 * fetched and validated by the page; a missing, non-JSON or invalid file is an error naming the
 * fault, never a half-configured app.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webConfigFromEnv } from "../scripts/web-config-from-env.ts";
import { loadWebConfig, parseWebConfig } from "../src/lib/load-web-config.ts";

let dir: string;

/** A deployment file as the deploy script writes it (addresses made up; nothing reads the chain). */
const deploymentOn = (chainId: number, name: string) => ({
  chainId,
  name,
  contracts: {
    StreamPayment: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", deployBlock: 1 },
    GLM: {
      address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      deployBlock: chainId === 31337 ? 1 : null,
      symbol: "tGLM",
      decimals: 18,
      faucet: true,
    },
  },
  abiHash: `0x${"ab".repeat(32)}`,
  deployedAt: "2026-01-01T00:00:00.000Z",
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vmg-webcfg-"));
  await writeFile(path.join(dir, "31337.json"), JSON.stringify(deploymentOn(31337, "hardhat")));
  await writeFile(
    path.join(dir, "11155111.json"),
    JSON.stringify(deploymentOn(11155111, "sepolia")),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A fetch that answers `url` with `status` and `body` (the page's view of a static host). */
const answering =
  (status: number, body: string): typeof fetch =>
  async () =>
    new Response(body, { status });

describe("web: config.json from the environment", () => {
  it("marks the local chain 31337 a dev chain: the page's faucet gives gas there", async () => {
    const json = await webConfigFromEnv({ GOLEM_CHAIN_ID: "31337", GOLEM_DEPLOYMENTS_DIR: dir });
    expect(json.devChain).toBe(true);
    const config = parseWebConfig(JSON.parse(JSON.stringify(json)), "config.json");
    expect(config).toMatchObject({
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
      devFaucet: true,
      bootstrapApiUrls: [],
      bootstrapPeers: [],
    });
    expect(config.gasHelp).toContain("Faucet button sends gas");
  });

  it("on another chain: no dev faucet, and where to get gas for that chain", async () => {
    const sepolia = await webConfigFromEnv({
      GOLEM_CHAIN_ID: "11155111",
      GOLEM_DEPLOYMENTS_DIR: dir,
      GOLEM_BOOTSTRAP_API_URLS: "http://a:7466/, https://b",
    });
    const config = parseWebConfig(sepolia, "config.json");
    expect(config.devFaucet).toBe(false);
    expect(config.gasHelp).toContain("Sepolia faucet");
    expect(config.bootstrapApiUrls).toEqual(["http://a:7466", "https://b"]);
    const told = await webConfigFromEnv({
      GOLEM_CHAIN_ID: "11155111",
      GOLEM_DEPLOYMENTS_DIR: dir,
      GOLEM_GAS_HELP: "Ask the operators in #testnet",
    });
    expect(told.gasHelp).toBe("Ask the operators in #testnet");
  });

  it("names the variable or file at fault", async () => {
    await expect(webConfigFromEnv({ GOLEM_CHAIN_ID: "x" })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: "GOLEM_CHAIN_ID=x is not a chain id",
    });
    await expect(
      webConfigFromEnv({ GOLEM_CHAIN_ID: "10", GOLEM_DEPLOYMENTS_DIR: dir }),
    ).rejects.toMatchObject({ code: "DEPLOYMENT_NOT_FOUND" });
    await expect(
      webConfigFromEnv({
        GOLEM_DEPLOYMENTS_DIR: dir,
        GOLEM_BOOTSTRAP_PEERS: "/ip4/1.2.3.4/tcp/1/p2p/12D3KooWabc",
      }),
    ).rejects.toThrow(/bootstrapPeers\.0: browsers dial webrtc-direct \(or wss\) only/);
    await expect(
      webConfigFromEnv({
        GOLEM_DEPLOYMENTS_DIR: dir,
        GOLEM_BOOTSTRAP_PEERS: "/ip4/1.2.3.4/tcp/7468/ws/p2p/12D3KooWabc",
      }),
    ).rejects.toThrow(/bootstrapPeers\.0: plain ws:\/\/ is for loopback development only/);
    await expect(
      webConfigFromEnv({
        GOLEM_DEPLOYMENTS_DIR: dir,
        GOLEM_BOOTSTRAP_PEERS: " /ip4/1.2.3.4/tcp/7468/ws ,",
      }),
    ).rejects.toThrow(/bootstrapPeers\.0: does not end in \/p2p\/<peer id>/);
    await expect(
      webConfigFromEnv({ GOLEM_DEPLOYMENTS_DIR: dir, GOLEM_BOOTSTRAP_API_URLS: "http://a, nope" }),
    ).rejects.toThrow(/bootstrapApiUrls\.1/);
  });
});

describe("web: the page's config.json check", () => {
  const valid = {
    deployment: deploymentOn(31337, "hardhat"),
    rpcUrl: "http://127.0.0.1:8545",
    devChain: true,
    bootstrapPeers: [
      "/ip4/127.0.0.1/udp/41117/webrtc-direct/certhash/uEiAbc/p2p/12D3KooWabc",
      "/dns4/boot.example/tcp/443/wss/p2p/12D3KooWdef",
    ],
  };

  it("accepts a hand-written file with WebSockets and WebRTC-direct bootstrap peers", async () => {
    const result = await loadWebConfig("/config.json", answering(200, JSON.stringify(valid)));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.bootstrapPeers).toEqual(valid.bootstrapPeers);
    expect(result.config.deployment.contracts.StreamPayment.deployBlock).toBe(1n);
  });

  it("gives no dev faucet on a chain other than 31337, even when the file says devChain", () => {
    const config = parseWebConfig(
      { ...valid, deployment: deploymentOn(11155111, "sepolia") },
      "config.json",
    );
    expect(config.devFaucet).toBe(false);
  });

  it("reports a missing file, a non-JSON file and every bad field, with a hint", async () => {
    const missing = await loadWebConfig("/config.json", answering(404, "not found"));
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: "CONFIG_INVALID",
        message: "config.json is missing: /config.json answered HTTP 404",
      },
    });
    const garbled = await loadWebConfig("/config.json", answering(200, "{ rpcUrl:"));
    expect(garbled).toMatchObject({ ok: false, error: { message: "config.json is not JSON" } });
    const bad = await loadWebConfig(
      "/config.json",
      answering(200, JSON.stringify({ ...valid, rpcUrl: "ftp://x", extra: 1 })),
    );
    if (bad.ok) throw new Error("accepted a bad config.json");
    expect(bad.error.code).toBe("CONFIG_INVALID");
    expect(bad.error.message).toMatch(/^config\.json is not valid: .*rpcUrl/);
    expect(bad.error.message).toContain("extra");
    expect(bad.error.hints[0]).toContain("./dev web:build");
  });
});
