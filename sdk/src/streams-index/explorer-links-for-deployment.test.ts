import { describe, expect, test } from "vitest";
import { explorerLinksForDeployment } from "./explorer-links-for-deployment.ts";

const hash = `0x${"ab".repeat(32)}` as const;
const blockscout = { name: "Blockscout", url: "https://eth-sepolia.blockscout.com" };

describe("explorerLinksForDeployment", () => {
  test("a configured URL wins over the deployment and viem", () => {
    const links = explorerLinksForDeployment(
      { chainId: 11155111, explorer: blockscout },
      "http://scan.local/",
    );
    expect(links?.tx(hash)).toBe(`http://scan.local/tx/${hash}`);
  });

  test("the deployment's explorer wins over viem's", () => {
    const links = explorerLinksForDeployment({ chainId: 11155111, explorer: blockscout });
    expect(links?.name).toBe("Blockscout");
    expect(links?.tx(hash)).toBe(`https://eth-sepolia.blockscout.com/tx/${hash}`);
  });

  test("without one, viem's explorer for the chain id; none for a local chain", () => {
    expect(explorerLinksForDeployment({ chainId: 11155111, explorer: undefined })?.tx(hash)).toBe(
      `https://sepolia.etherscan.io/tx/${hash}`,
    );
    expect(explorerLinksForDeployment({ chainId: 31337, explorer: undefined })).toBeUndefined();
  });
});
