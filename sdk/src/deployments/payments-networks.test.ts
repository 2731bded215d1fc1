import { expect, test } from "vitest";
import {
  isPaymentsNetworkName,
  paymentsNetworkLabel,
  paymentsNetworkNames,
  paymentsNetworks,
} from "./payments-networks.ts";

test("one table of payments networks: names to chain ids and back", () => {
  expect(paymentsNetworkNames).toEqual([
    "local",
    "sepolia",
    "holesky",
    "mainnet",
    "polygon",
    "amoy",
  ]);
  expect(paymentsNetworks.local).toBe(31337);
  for (const name of paymentsNetworkNames) {
    expect(paymentsNetworkLabel(paymentsNetworks[name])).toBe(name);
  }
  expect(paymentsNetworkLabel(424242)).toBe("chain 424242");
  expect(isPaymentsNetworkName("sepolia")).toBe(true);
  expect(isPaymentsNetworkName("development")).toBe(false);
  expect(isPaymentsNetworkName("toString")).toBe(false);
});
