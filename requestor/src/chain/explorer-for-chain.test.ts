import { describe, expect, it } from "vitest";
import { explorerForChain } from "./explorer-for-chain.ts";

describe("explorerForChain", () => {
  it("links chains viem knows", () => {
    expect(explorerForChain(11155111)?.tx("0xab")).toBe("https://sepolia.etherscan.io/tx/0xab");
  });
  it("has none for a local chain", () => {
    expect(explorerForChain(31337)).toBeUndefined();
  });
  it("prefers a configured explorer", () => {
    expect(explorerForChain(31337, "http://scan.local/")?.address("0x01")).toBe(
      "http://scan.local/address/0x01",
    );
  });
});
