import { defineChain } from "viem";
import { hardhat, polygon, sepolia } from "viem/chains";
import { expect, test } from "vitest";
import { createExplorerLinks, explorerLinksForChain } from "./explorer-links.ts";

const hash = `0x${"ab".repeat(32)}` as const;
const contract = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

test("links to a tx, an address, a stream and the read tab, from a base URL", () => {
  const links = createExplorerLinks("https://sepolia.etherscan.io/");
  expect(links.tx(hash)).toBe(`https://sepolia.etherscan.io/tx/${hash}`);
  expect(links.address(contract)).toBe(`https://sepolia.etherscan.io/address/${contract}`);
  expect(links.stream({ createdTx: hash })).toBe(`https://sepolia.etherscan.io/tx/${hash}`);
  expect(links.readContract(contract)).toBe(
    `https://sepolia.etherscan.io/address/${contract}#readContract`,
  );
});

test("takes the explorer from viem's chain definitions", () => {
  expect(explorerLinksForChain(sepolia)?.tx(hash)).toBe(`https://sepolia.etherscan.io/tx/${hash}`);
  expect(explorerLinksForChain(polygon)?.address(contract)).toBe(
    `https://polygonscan.com/address/${contract}`,
  );
  expect(explorerLinksForChain(sepolia)?.name).toBe("Etherscan");
});

test("a chain without an explorer (local Hardhat) has no links", () => {
  expect(explorerLinksForChain(hardhat)).toBeUndefined();
  const custom = defineChain({
    ...hardhat,
    blockExplorers: { default: { name: "Blockscout", url: "http://127.0.0.1:4000" } },
  });
  expect(explorerLinksForChain(custom)?.tx(hash)).toBe(`http://127.0.0.1:4000/tx/${hash}`);
});
