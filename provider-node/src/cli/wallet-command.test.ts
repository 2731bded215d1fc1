// `golem-provider wallet address|faucet` against a real `hardhat node` process with the
// contracts deployed by the deploy script into a temp deployments folder.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { type Address, parseEther } from "viem";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { type LocalPaidChain, startLocalPaidChain } from "../../../scripts/lib/local-paid-chain.ts";
import type { CliContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

let paid: LocalPaidChain;
let dir: string;
let out: string[];
let ctx: CliContext;

beforeAll(async () => {
  paid = await startLocalPaidChain();
  dir = await mkdtemp(join(tmpdir(), "wallet-"));
}, 180_000);
afterAll(async () => {
  await paid?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  out = [];
  ctx = {
    env: {
      GOLEM_PROVIDER_PAYMENTS_RPC_URL: paid.chain.rpcUrl,
      GOLEM_PROVIDER_PAYMENTS_CHAIN_ID: String(paid.chain.chainId),
      GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: paid.deploymentsDir,
    },
    homeDir: dir,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    version: "0.0.0-test",
    self: { execPath: process.execPath, args: [] },
    argv: [],
  };
});

const run = (...args: string[]) =>
  createProgram({ ...ctx, argv: args }).parseAsync(args, { from: "user" });
const balances = async (address: Address) => ({
  glm: await getGlmBalance(paid.publicClient, {
    token: paid.deployment.contracts.GLM.address,
    owner: address,
  }),
  eth: await paid.publicClient.getBalance({ address }),
});

test("wallet faucet mints test GLM and funds gas to the payment address, on chain", async () => {
  await run("wallet", "address", "--json");
  const { address } = JSON.parse(out.join("\n")) as { address: Address };
  expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  expect(await balances(address)).toEqual({ glm: 0n, eth: 0n });

  out = [];
  await run("wallet", "faucet", "--json");
  const result = JSON.parse(out.join("\n")) as { address: Address; glm: string; hash: string };
  expect(result.address).toBe(address);
  expect(BigInt(result.glm)).toBeGreaterThan(0n);
  const receipt = await paid.publicClient.getTransactionReceipt({
    hash: result.hash as `0x${string}`,
  });
  expect(receipt.status).toBe("success");
  expect(receipt.from.toLowerCase()).toBe(address.toLowerCase());

  const after = await balances(address);
  expect(after.glm).toBe(BigInt(result.glm));
  // 10 ETH set for gas, less what the faucet transaction itself cost.
  const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
  expect(after.eth).toBe(parseEther("10") - gasCost);
});

test("the text output names the deployment's token (tGLM)", async () => {
  await run("wallet", "address");
  const address = out[0] as Address;
  const before = await balances(address);
  out = [];
  // The first test's faucet call may still be cooling down for this address: a fresh data dir.
  ctx.env.GOLEM_PROVIDER_DATA_DIR = join(dir, "second");
  await run("wallet", "address");
  const second = out[0] as Address;
  expect(second).not.toBe(address);
  out = [];
  await run("wallet", "faucet");
  expect(out.join("\n")).toMatch(
    new RegExp(`^minted \\d+(\\.\\d+)? tGLM to ${second} \\(tx 0x[0-9a-f]{64}\\)$`),
  );
  expect((await balances(second)).glm).toBeGreaterThan(0n);
  expect(await balances(address)).toEqual(before);
});

test("a deployment without a faucet: FAUCET_UNAVAILABLE saying where funds come from, nothing sent", async () => {
  const deploymentsDir = join(dir, "no-faucet");
  await mkdir(deploymentsDir);
  const { deployment } = paid;
  await writeFile(
    join(deploymentsDir, `${deployment.chainId}.json`),
    JSON.stringify({
      ...deployment,
      contracts: { ...deployment.contracts, GLM: { ...deployment.contracts.GLM, faucet: false } },
    }),
  );
  ctx.env.GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR = deploymentsDir;
  ctx.env.GOLEM_PROVIDER_DATA_DIR = join(dir, "third");
  await run("wallet", "address");
  const address = out[0] as Address;
  const blockBefore = await paid.publicClient.getBlockNumber();

  const error = await golemRejection(run("wallet", "faucet"));
  expect(error.code).toBe("FAUCET_UNAVAILABLE");
  expect(error.message).toBe(`${deployment.name} (chain ${deployment.chainId}) has no tGLM faucet`);
  expect(error.hints[0]).toContain(`send ETH for gas to ${address}`);
  expect(error.hints[1]).toContain("whose deployment has a faucet");
  expect(await balances(address)).toEqual({ glm: 0n, eth: 0n });
  expect(await paid.publicClient.getBlockNumber()).toBe(blockBefore);
});
