/**
 * `./dev chain [--port N]`: a Hardhat node on 127.0.0.1 with StreamPayment and the test GLM
 * token deployed (deterministic addresses on a fresh node), written to
 * `deployments/<chainId>.json` for every other program to read. Runs until Ctrl-C.
 */
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { deployContracts, writeDeployment } from "./deploy.ts";
import { startLocalChain } from "./lib/local-chain.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "8545" } } });

const chain = await startLocalChain({ port: Number(values.port) });
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
