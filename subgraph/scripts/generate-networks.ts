/**
 * Writes the generated inputs of `graph codegen` / `graph build --network <name>`: `networks.json`
 * (one entry per `deployments/<chainId>.json`), `abis/StreamPayment.json` (the sdk's generated ABI)
 * and `subgraph.yaml` (a copy of subgraph.template.yaml, which graph build rewrites in place).
 *
 * Usage: node scripts/generate-networks.ts   (from subgraph/; run by `npm run build`)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { streamPaymentAbi } from "../../sdk/src/abi/stream-payment-abi.generated.ts";
import { parseDeployment } from "../../sdk/src/deployments/deployment-schema.ts";
import { graphNetworkName } from "./graph-network-name.ts";

const root = new URL("..", import.meta.url).pathname;
const deploymentsDir = join(root, "..", "deployments");

const networks: Record<string, { StreamPayment: { address: string; startBlock: number } }> = {};
for (const file of readdirSync(deploymentsDir).filter((f) => /^\d+\.json$/.test(f))) {
  const deployment = parseDeployment(
    JSON.parse(readFileSync(join(deploymentsDir, file), "utf8")),
    `deployments/${file}`,
  );
  const { address, deployBlock } = deployment.contracts.StreamPayment;
  networks[graphNetworkName(deployment.chainId, deployment.name)] = {
    StreamPayment: { address, startBlock: Number(deployBlock) },
  };
}
// A fresh clone has no local deployment (it is written by `./dev chain`): keep `localhost` buildable.
networks.localhost ??= {
  StreamPayment: { address: "0x0000000000000000000000000000000000000000", startBlock: 0 },
};

writeFileSync(join(root, "networks.json"), `${JSON.stringify(networks, null, 2)}\n`);
mkdirSync(join(root, "abis"), { recursive: true });
writeFileSync(
  join(root, "abis", "StreamPayment.json"),
  `${JSON.stringify(streamPaymentAbi, null, 2)}\n`,
);
copyFileSync(join(root, "subgraph.template.yaml"), join(root, "subgraph.yaml"));
console.log(`networks.json: ${Object.keys(networks).join(", ")}`);
