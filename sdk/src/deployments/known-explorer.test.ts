import { expect, test } from "vitest";
import { parseDeployment } from "./deployment-schema.ts";
import { knownExplorer } from "./known-explorer.ts";

test("public chains have viem's explorer, local chains none", () => {
  expect(knownExplorer(11155111)).toEqual({
    name: "Etherscan",
    url: "https://sepolia.etherscan.io",
  });
  expect(knownExplorer(137)).toEqual({ name: "PolygonScan", url: "https://polygonscan.com" });
  expect(knownExplorer(31337)).toBeUndefined();
  expect(knownExplorer(987_654_321_987)).toBeUndefined();
});

test("what knownExplorer returns is a valid deployment explorer", () => {
  const explorer = knownExplorer(1);
  const deployment = parseDeployment({
    chainId: 1,
    name: "mainnet",
    contracts: {
      StreamPayment: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", deployBlock: 2 },
      GLM: {
        address: "0x7DD9c5Cba05E151C895FDe1CF355C9A1D5DA6429",
        deployBlock: null,
        symbol: "GLM",
        decimals: 18,
        faucet: false,
      },
    },
    abiHash: `0x${"00".repeat(32)}`,
    deployedAt: 0,
    explorer,
  });
  expect(deployment.explorer).toEqual(explorer);
});
