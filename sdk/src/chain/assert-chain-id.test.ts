import { createServer } from "node:net";
import { network } from "hardhat";
import { createPublicClient, http } from "viem";
import { expect, test } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { assertChainId } from "./assert-chain-id.ts";

test("passes on the expected chain and is CHAIN_MISMATCH on another", async () => {
  const { viem } = await network.create();
  const client = await viem.getPublicClient();
  await expect(assertChainId(client, 31337)).resolves.toBeUndefined();
  const err = await golemRejection(assertChainId(client, 11155111));
  expect(err.code).toBe("CHAIN_MISMATCH");
  expect(err.message).toBe(
    "the RPC endpoint serves chain 31337, but the deployment is on chain 11155111",
  );
});

test("an RPC URL where nothing listens is CHAIN_UNREACHABLE", async () => {
  // Take a free port and close it again, so the connection is refused.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const client = createPublicClient({
    transport: http(`http://127.0.0.1:${port}`, { retryCount: 0 }),
  });
  const err = await golemRejection(assertChainId(client, 31337));
  expect(err.code).toBe("CHAIN_UNREACHABLE");
});
