import { createPublicClient, http } from "viem";
import { expect, test } from "vitest";
import { parseDeployment } from "../deployments/deployment-schema.ts";
import { createStreamsReader } from "./create-streams-reader.ts";

const deployment = parseDeployment({
  chainId: 31337,
  name: "localhost",
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
  abiHash: `0x${"00".repeat(32)}`,
  deployedAt: 0,
});
const client = createPublicClient({ transport: http("http://127.0.0.1:9") });

test("reads chain logs by default and the subgraph when a URL is configured", () => {
  expect(createStreamsReader(client, { deployment }).source).toBe("logs");
  expect(createStreamsReader(client, { deployment, subgraphUrl: "" }).source).toBe("logs");
  expect(
    createStreamsReader(client, { deployment, subgraphUrl: "http://127.0.0.1:8000/x" }).source,
  ).toBe("subgraph");
});
