import { keccak256, toBytes } from "viem";
import { describe, expect, test } from "vitest";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { abiHash, assertDeploymentAbi } from "./abi-hash.ts";
import { parseDeployment } from "./deployment-schema.ts";

const deployment = (hash: string) =>
  parseDeployment({
    chainId: 31337,
    name: "hardhat",
    contracts: {
      StreamPayment: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", deployBlock: 2 },
      GLM: {
        address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        deployBlock: 1,
        symbol: "tGLM",
        decimals: 18,
        faucet: true,
      },
    },
    abiHash: hash,
    deployedAt: "2026-11-23T14:00:00Z",
  });

describe("abiHash", () => {
  test("is keccak256 of the ABI's JSON text", () => {
    expect(abiHash([])).toBe(keccak256(toBytes("[]")));
    expect(abiHash(streamPaymentAbi)).toBe(keccak256(toBytes(JSON.stringify(streamPaymentAbi))));
  });
});

describe("assertDeploymentAbi", () => {
  test("passes for a deployment of the sdk's ABI, in any hex case", () => {
    const hash = abiHash(streamPaymentAbi);
    expect(() => assertDeploymentAbi(deployment(hash))).not.toThrow();
    expect(() =>
      assertDeploymentAbi(deployment(hash.toUpperCase().replace("0X", "0x"))),
    ).not.toThrow();
  });

  test("throws ABI_MISMATCH for another ABI", () => {
    expect(() => assertDeploymentAbi(deployment(abiHash([])))).toThrowError(
      expect.objectContaining({
        code: "ABI_MISMATCH",
        details: expect.objectContaining({ chainId: 31337 }),
      }),
    );
  });
});
