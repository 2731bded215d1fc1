/**
 * `./dev chain [--port N]`: a Hardhat node on 127.0.0.1 with StreamPayment and the test GLM
 * token deployed (deterministic addresses on a fresh node), written to
 * `deployments/<chainId>.json` for every other program to read. Runs until Ctrl-C.
 * The contracts are compiled first when they changed; a failure prints `error[CODE]` and hints.
 */
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { deployContracts, writeDeployment } from "./deploy.ts";
import { buildContracts } from "./lib/build-contracts.ts";
import { startLocalChain } from "./lib/local-chain.ts";
import { parsePort } from "./lib/parse-port.ts";
import { printScriptError } from "./lib/script-error.ts";

const usage = "./dev chain [--port N]";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8545" } } });
  const port = parsePort("--port", values.port);
  await buildContracts({ log: (line) => console.log(line) });
  const chain = await startLocalChain({ port });
  try {
    const connection = await network.create({
      network: "localhost",
      override: { url: chain.rpcUrl },
    });
    const deployment = await deployContracts(connection);
    const file = await writeDeployment(deployment, "deployments");
    const { StreamPayment, GLM } = deployment.contracts;
    console.log(`chain      ${chain.rpcUrl} (chain id ${chain.chainId})`);
    console.log(`StreamPayment  ${StreamPayment.address}`);
    console.log(`${GLM.symbol} token     ${GLM.address} (faucet: anyone may call faucet())`);
    console.log(`deployment ${file}\nCtrl-C to stop.`);
  } catch (err) {
    await chain.stop();
    throw err;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await chain.stop();
}

main().catch((error: unknown) => {
  printScriptError(error, { usage });
  process.exitCode = 1;
});
