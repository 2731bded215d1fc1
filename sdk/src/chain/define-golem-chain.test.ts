import { describe, expect, it } from "vitest";
import { defineGolemChain } from "./define-golem-chain.ts";

describe("defineGolemChain", () => {
  it("describes an ETH-gas chain at the RPC URL, named by id by default", () => {
    const chain = defineGolemChain({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
    expect(chain.id).toBe(31337);
    expect(chain.name).toBe("chain 31337");
    expect(chain.nativeCurrency).toEqual({ name: "Ether", symbol: "ETH", decimals: 18 });
    expect(chain.rpcUrls.default.http).toEqual(["http://127.0.0.1:8545"]);
    expect(chain.blockExplorers).toBeUndefined();
    expect(chain.testnet).toBeUndefined();
  });

  it("carries a name, an explorer and the testnet flag when given", () => {
    const chain = defineGolemChain({
      chainId: 11155111,
      rpcUrl: "https://rpc.example",
      name: "sepolia",
      explorerUrl: "https://explorer.example",
      testnet: true,
    });
    expect(chain.name).toBe("sepolia");
    expect(chain.blockExplorers?.default.url).toBe("https://explorer.example");
    expect(chain.testnet).toBe(true);
  });
});
