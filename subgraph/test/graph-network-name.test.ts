import { expect, test } from "vitest";
import { graphNetworkName } from "../scripts/graph-network-name.ts";

test("known chains get graph-node's names, others keep the deployment's name", () => {
  expect(graphNetworkName(31337, "hardhat")).toBe("localhost");
  expect(graphNetworkName(11155111, "sepolia")).toBe("sepolia");
  expect(graphNetworkName(137, "polygon")).toBe("matic");
  expect(graphNetworkName(80002, "amoy")).toBe("polygon-amoy");
  expect(graphNetworkName(8453, "base")).toBe("base");
});
