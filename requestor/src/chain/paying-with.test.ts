import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { abiHash, parseDeployment } from "@vm-on-golem/sdk/deployments";
import { zeroAddress } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { openRequestorDb, type StreamRow } from "../state/requestor-db.ts";
import type { ChainSession } from "./open-chain-session.ts";
import { payingOn, payingWith, recordedStreamContract } from "./paying-with.ts";

const glm = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const streamPayment = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const native = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const hash = abiHash(streamPaymentAbi);
const deployment = parseDeployment({
  chainId: 31337,
  name: "hardhat",
  contracts: {
    StreamPayment: { address: streamPayment, deployBlock: 2 },
    GLM: { address: glm, deployBlock: 1, symbol: "tGLM", decimals: 18, faucet: true },
  },
  abiHash: hash,
  deployedAt: "2026-11-23T14:00:00.000Z",
  streamPayments: [
    {
      address: native,
      deployBlock: 5,
      token: {
        address: zeroAddress,
        deployBlock: null,
        symbol: "ETH",
        decimals: 18,
        faucet: false,
      },
      contract: "StreamPaymentNative",
      abiHash: hash,
    },
  ],
});
// Only what payingWith/payingOn read or pass through; no chain is touched.
const session = { chainId: 31337, deployment } as ChainSession;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("payingWith / payingOn", () => {
  it("eth puts StreamPaymentNative and ETH where the GLM contract and token were; glm leaves it", () => {
    const eth = payingWith(session, "eth");
    expect(eth.deployment.contracts.StreamPayment.address).toBe(native);
    expect(eth.deployment.contracts.GLM).toMatchObject({ address: zeroAddress, symbol: "ETH" });
    expect(payingWith(session, "glm")).toBe(session);
    expect(payingOn(session, native).deployment.contracts.StreamPayment.address).toBe(native);
    expect(payingOn(session, streamPayment)).toBe(session);
    expect(payingOn(session, undefined)).toBe(session);
  });
});

describe("recordedStreamContract", () => {
  it("finds a stream's contract by VM name, and by id only when the id is on one contract", () => {
    const home = mkdtempSync(join(tmpdir(), "golem-pay-"));
    dirs.push(home);
    const db = openRequestorDb(home);
    try {
      const row = (streamId: string, contract: string, vmName: string): StreamRow => ({
        chainId: 31337,
        streamId,
        contract,
        recipient: "0x0000000000000000000000000000000000000001",
        ratePerSecond: "1",
        vmName,
        txHash: null,
        createdAt: 1,
      });
      db.insertStream(row("1", streamPayment, "glm-1"));
      db.insertStream(row("1", native, "eth-1"));
      db.insertStream(row("2", native, "eth-2"));
      expect(recordedStreamContract(db, 31337, { streamId: "1", vmName: "eth-1" })).toBe(native);
      expect(recordedStreamContract(db, 31337, { streamId: "1", vmName: "glm-1" })).toBe(
        streamPayment,
      );
      // Stream #1 exists on both contracts: the id alone names neither.
      expect(recordedStreamContract(db, 31337, { streamId: "1" })).toBeUndefined();
      expect(recordedStreamContract(db, 31337, { streamId: "2" })).toBe(native);
      expect(recordedStreamContract(db, 1, { streamId: "2" })).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
