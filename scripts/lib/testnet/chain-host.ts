/**
 * The testnet's chain host, run inside its namespace: a Hardhat node bound to the host's public
 * address with StreamPayment and the test GLM token deployed into `--deployments-dir`. Prints
 * one JSON line `{ "rpcUrl", "chainId" }` when ready and runs until SIGTERM or SIGINT.
 *
 * @example ip netns exec gtn-a1b2c3-chain node scripts/lib/testnet/chain-host.ts --host 198.51.100.10 --deployments-dir /tmp/d
 */
import { parseArgs } from "node:util";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { network } from "hardhat";
import { deployContracts, writeDeployment } from "../../deploy.ts";
import { startLocalChain } from "../local-chain.ts";
import { parsePort } from "../parse-port.ts";
import { printScriptError } from "../script-error.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string", default: "8545" },
      "deployments-dir": { type: "string" },
    },
  });
  if (!values.host || !values["deployments-dir"]) {
    throw new GolemError("VALIDATION_FAILED", "--host and --deployments-dir are required", {
      hints: ["the testnet starts this program itself (scripts/lib/testnet/start-testnet.ts)"],
    });
  }
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const chain = await startLocalChain({
    host: values.host,
    port: parsePort("--port", values.port),
  });
  try {
    const connection = await network.create({
      network: "localhost",
      override: { url: chain.rpcUrl },
    });
    await writeDeployment(await deployContracts(connection), values["deployments-dir"]);
    console.log(JSON.stringify({ rpcUrl: chain.rpcUrl, chainId: chain.chainId }));
    await stopped;
  } finally {
    await chain.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    printScriptError(error, { usage: "chain-host.ts --host IP --deployments-dir DIR" });
    process.exit(1);
  },
);
