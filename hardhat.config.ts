import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

// Compile offline: use the solc npm package's soljson.js instead of a downloaded compiler.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");
const solcVersion: string = require("solc/package.json").version;

/** A public chain reached through `<NAME>_RPC_URL`, deploying from `DEPLOYER_PRIVATE_KEY` (env or keystore). */
function publicChain(rpcUrlVariable: string, chainType: "l1" | "generic"): HttpNetworkUserConfig {
  return {
    type: "http",
    chainType,
    url: configVariable(rpcUrlVariable),
    accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
  };
}

export default defineConfig({
  plugins: [hardhatToolboxViem],
  paths: { sources: "./contracts", tests: { solidity: "./contracts/test" } },
  solidity: {
    version: solcVersion,
    path: solcPath,
    // viaIR: the IR pipeline's optimizer saves 300–1,800 gas per StreamPayment call (bench/gas.ts).
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun", viaIR: true },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 256, depth: 100, failOnRevert: false },
    },
  },
  networks: {
    localhost: { type: "http", url: "http://127.0.0.1:8545", chainType: "l1" },
    // Config variables are read only when a network is used, so these cost nothing locally.
    mainnet: publicChain("MAINNET_RPC_URL", "l1"),
    sepolia: publicChain("SEPOLIA_RPC_URL", "l1"),
    polygon: publicChain("POLYGON_RPC_URL", "generic"),
    amoy: publicChain("AMOY_RPC_URL", "generic"),
  },
  // Source verification on public chains; one Etherscan v2 key serves every Etherscan-family explorer.
  // Deploy and verify StreamPayment (its only constructor argument is the token):
  //   npx hardhat build --build-profile production
  //   node scripts/deploy.ts --network sepolia --token <GLM address>
  //   npx hardhat verify --network sepolia <StreamPayment address> <GLM address>
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
});
