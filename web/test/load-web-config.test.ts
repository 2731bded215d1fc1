import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWebConfig } from "../src/server/load-web-config.ts";

let dir: string;

/** The process environment the server would see, with only `vars` set. */
const envWith = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
  NODE_ENV: "test",
  ...vars,
});

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

describe("web: the dev faucet and gas help in the dapp's config", () => {
  it("turns the dev gas faucet on for the local chain 31337 only", async () => {
    const local = await loadWebConfig(
      envWith({ GOLEM_CHAIN_ID: "31337", GOLEM_DEPLOYMENTS_DIR: dir }),
    );
    if (!local.ok) throw new Error(local.error.message);
    expect(local.config.devFaucet).toBe(true);
    expect(local.config.gasHelp).toContain("Faucet button sends gas");
  });

  it("on another chain: no dev faucet, and where to get gas for that chain", async () => {
    const sepolia = await loadWebConfig(
      envWith({
        GOLEM_CHAIN_ID: "11155111",
        GOLEM_DEPLOYMENTS_DIR: dir,
      }),
    );
    if (!sepolia.ok) throw new Error(sepolia.error.message);
    expect(sepolia.config.devFaucet).toBe(false);
    expect(sepolia.config.gasHelp).toContain("Sepolia faucet");
    const told = await loadWebConfig(
      envWith({
        GOLEM_CHAIN_ID: "11155111",
        GOLEM_DEPLOYMENTS_DIR: dir,
        GOLEM_GAS_HELP: "Ask the operators in #testnet",
      }),
    );
    expect(told.ok && told.config.gasHelp).toBe("Ask the operators in #testnet");
  });
});
