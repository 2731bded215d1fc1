/**
 * The page's dev gas faucet (it calls the chain's RPC itself) against a real local Hardhat node: gas for a new account,
 * bounded per request, and refused on any chain but 31337 (by the dapp's configuration and by
 * what the RPC itself reports: a stand-in RPC answering chain 1, named so below).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalChain, startLocalChain } from "../../scripts/lib/local-chain.ts";
import { gasHelpFor } from "../scripts/gas-help.ts";
import { fundDevGas } from "../src/lib/fund-dev-gas.ts";

let chain: LocalChain;
let mainnetStandIn: Server;
let mainnetStandInUrl: string;
const mainnetCalls: string[] = [];

beforeAll(async () => {
  chain = await startLocalChain({ port: 0 });
  // A STAND-IN for a public chain's RPC: answers eth_chainId with 1 and records every method.
  mainnetStandIn = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const { id, method } = JSON.parse(text) as { id: number; method: string };
      mainnetCalls.push(method);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          method === "eth_chainId"
            ? { jsonrpc: "2.0", id, result: "0x1" }
            : { jsonrpc: "2.0", id, error: { code: -32601, message: "method not found" } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => mainnetStandIn.listen(0, "127.0.0.1", resolve));
  mainnetStandInUrl = `http://127.0.0.1:${(mainnetStandIn.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  await new Promise((resolve) => mainnetStandIn?.close(resolve));
});

describe("web: dev gas faucet", () => {
  it("gives a new account 1 ETH, and nothing more to an account that has gas", async () => {
    const { address } = privateKeyToAccount(generatePrivateKey());
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    expect(await client.getBalance({ address })).toBe(0n);
    const first = await fundDevGas({
      chainId: 31337,
      devChain: true,
      rpcUrl: chain.rpcUrl,
      address,
    });
    expect(first).toEqual({ funded: parseEther("1"), balance: parseEther("1") });
    expect(await client.getBalance({ address })).toBe(parseEther("1"));
    // Bounded: a second request (or a hundred) leaves the balance where it is.
    for (let i = 0; i < 3; i++) {
      expect(
        await fundDevGas({ chainId: 31337, devChain: true, rpcUrl: chain.rpcUrl, address }),
      ).toEqual({
        funded: 0n,
        balance: parseEther("1"),
      });
    }
    expect(await client.getBalance({ address })).toBe(parseEther("1"));
  });

  it("refuses a chain other than 31337 before any RPC call", async () => {
    const { address } = privateKeyToAccount(generatePrivateKey());
    mainnetCalls.length = 0;
    await expect(
      fundDevGas({ chainId: 11155111, devChain: true, rpcUrl: mainnetStandInUrl, address }),
    ).rejects.toMatchObject({ code: "FAUCET_UNAVAILABLE", status: 400 });
    expect(mainnetCalls).toEqual([]);
  });

  it("refuses chain 31337 when config.json does not mark it a dev chain, before any RPC call", async () => {
    const { address } = privateKeyToAccount(generatePrivateKey());
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    await expect(
      fundDevGas({ chainId: 31337, devChain: false, rpcUrl: chain.rpcUrl, address }),
    ).rejects.toMatchObject({ code: "FAUCET_UNAVAILABLE" });
    expect(await client.getBalance({ address })).toBe(0n);
  });

  it("refuses an RPC that reports another chain, though the dapp was told 31337", async () => {
    const { address } = privateKeyToAccount(generatePrivateKey());
    mainnetCalls.length = 0;
    await expect(
      fundDevGas({ chainId: 31337, devChain: true, rpcUrl: mainnetStandInUrl, address }),
    ).rejects.toMatchObject({ code: "CHAIN_MISMATCH" });
    expect(mainnetCalls).toEqual(["eth_chainId"]);
  });

  it.each([undefined, 42, "0x1234", "not an address", { address: "0x" }])(
    "refuses %j as the address",
    async (address) => {
      await expect(
        fundDevGas({ chainId: 31337, devChain: true, rpcUrl: chain.rpcUrl, address }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    },
  );
});

describe("web: where to get gas", () => {
  it("says the Faucet button sends gas on the dev chain", () => {
    expect(gasHelpFor(31337, undefined)).toContain("Faucet button sends gas");
  });

  it("points a testnet to its faucet and a mainnet to exchanges, by viem's chain table", () => {
    expect(gasHelpFor(11155111, undefined)).toBe(
      "Sepolia is a test network: get free Sepolia ETH from a Sepolia faucet and send it to your address.",
    );
    expect(gasHelpFor(1, undefined)).toBe(
      "Gas on Ethereum is paid in ETH: buy it on an exchange or bridge it, and send it to your address.",
    );
  });

  it("uses the operator's GOLEM_GAS_HELP for the chain when set", () => {
    expect(gasHelpFor(11155111, "  Ask in #testnet for Sepolia ETH  ")).toBe(
      "Ask in #testnet for Sepolia ETH",
    );
    expect(gasHelpFor(11155111, "   ")).toContain("Sepolia faucet");
  });
});
