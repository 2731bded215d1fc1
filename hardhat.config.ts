import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

// Compile offline: use the solc npm package's soljson.js instead of a downloaded compiler.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");
const solcVersion: string = require("solc/package.json").version;

export default defineConfig({
  plugins: [hardhatToolboxViem],
  paths: { sources: "./contracts", tests: { solidity: "./contracts/test" } },
  solidity: {
    version: solcVersion,
    path: solcPath,
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 256, depth: 100, failOnRevert: false },
    },
  },
  networks: {
    localhost: { type: "http", url: "http://127.0.0.1:8545", chainType: "l1" },
  },
});
