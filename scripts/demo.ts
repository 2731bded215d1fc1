/**
 * `./dev demo [--once] [--port N]`: the main job on one machine, with nothing but this repo.
 *
 * 1. A local chain with StreamPayment and the test GLM token deployed, and one real stream
 *    lifecycle between fresh keys (scripts/lib/demo-stream.ts).
 * 2. The provider daemon with the real QEMU driver (payments disabled for now), a fresh
 *    requestor key signing in with SIWE, a VM, and a real SSH command in it
 *    (scripts/lib/demo-vm.ts).
 *
 * `--once` then destroys the VM and stops the daemon and the chain; otherwise everything keeps
 * running until Ctrl-C. Ctrl-C at any point cleans up. `--port` is the chain's RPC port (0: free).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatGolemError } from "@vm-on-golem/sdk/errors/format-golem-error";
import { isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { network } from "hardhat";
import { deployContracts, writeDeployment } from "./deploy.ts";
import { createCleanupStack } from "./lib/cleanup-stack.ts";
import { runStreamLifecycle } from "./lib/demo-stream.ts";
import { runVmDemo } from "./lib/demo-vm.ts";
import { startLocalChain } from "./lib/local-chain.ts";

const { values } = parseArgs({
  options: { once: { type: "boolean", default: false }, port: { type: "string", default: "8545" } },
});

const step = (title: string) => console.log(`\n▶ ${title}`);
const cleanup = createCleanupStack((line) => console.log(line));
let interrupted = false;
const onSignal = (signal: string) => {
  if (interrupted) return;
  interrupted = true;
  console.log(`\n${signal}: cleaning up`);
  void cleanup.run().then(() => process.exit(130));
};
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

let exitCode = 0;
try {
  const chain = await startLocalChain({ port: Number(values.port) });
  cleanup.add("stop the chain", () => chain.stop());
  step(`local chain on ${chain.rpcUrl} (chain id ${chain.chainId})`);
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  const deployment = await deployContracts(connection);
  const file = await writeDeployment(deployment, "deployments");
  const { StreamPayment, GLM } = deployment.contracts;
  console.log(
    `  StreamPayment ${StreamPayment.address}\n  ${GLM.symbol} token  ${GLM.address}\n  wrote ${file}`,
  );
  await runStreamLifecycle({ chain, deployment, step });

  // Short path: the VM's QMP socket lives under it (107-byte limit).
  const workDir = await mkdtemp(join(tmpdir(), "golem-demo-"));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const { sshCommand } = await runVmDemo({ workDir, chainId: chain.chainId, step, cleanup });

  step("log in yourself");
  console.log(`  ${sshCommand}`);
  if (!values.once) {
    console.log(
      `\nThe chain (${chain.rpcUrl}, deployment in ${file}), the provider daemon and the VM keep running. Ctrl-C to stop them.`,
    );
    // Only the signal handlers end this wait; the timer keeps the event loop alive.
    setInterval(() => {}, 1 << 30);
    await new Promise<never>(() => {});
  }
  console.log("\ndemo finished");
} catch (err) {
  exitCode = 1;
  // After Ctrl-C the cleanup pulls things away under the running steps: their errors are noise.
  if (!interrupted) console.error(isGolemError(err) ? formatGolemError(err) : err);
}
if (!interrupted) {
  await cleanup.run();
  process.exit(exitCode);
}
