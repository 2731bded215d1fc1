/**
 * `./dev demo [--once] [--web] [--pay eth|glm] [--port N] [--web-port N]`: the main job on one
 * machine, with nothing but this repo.
 *
 * 1. A local chain with StreamPayment and the test GLM token deployed.
 * 2. The provider daemon with the real QEMU driver and payments on; the requestor CLI `golem`
 *    in a home of its own (a fresh key funded from the faucet) finds it over libp2p gossip,
 *    rents a VM (SIWE, signed offer, a stream opened with a permit) and runs a real SSH
 *    command in it (scripts/lib/demo-vm.ts).
 * 3. The stream as the requestor reads it, time passing on the chain, the provider's view and
 *    withdrawal, a top-up (scripts/lib/demo-payments.ts).
 * 4. Without `--once` (or with `--web`): the web dapp beside them (`next dev`).
 *
 * `--pay eth` pays in the chain's native ETH instead of the test GLM token (the default, `glm`):
 * the provider runs with `payments.pay: eth`, the requestor rents with `golem vm create --pay eth`
 * (a stream on StreamPaymentNative funded with the deposit as the value), and `--once` checks both
 * ETH balances to the wei, each side's gas read from its receipts.
 *
 * `--once` then runs `golem vm destroy` (VM destroyed, stream terminated), prints both balances and stops
 * everything; otherwise everything keeps running until Ctrl-C, which cleans up at any point.
 * `--port` is the chain's RPC port (0: free; default 8545, or a free one when 8545 is taken);
 * `--web-port` the dapp's (default 3000, or a free one when 3000 is taken). The contracts are
 * compiled first when they changed (a fresh clone has none compiled). A failure prints
 * `error[CODE]: message` and hints, never a stack trace.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseDeployment, paymentDeployment } from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { network } from "hardhat";
import { zeroAddress } from "viem";
import { deployContracts, writeDeployment } from "./deploy.ts";
import { advertPeers } from "./lib/advert-peers.ts";
import { buildContracts } from "./lib/build-contracts.ts";
import { createCleanupStack } from "./lib/cleanup-stack.ts";
import { settleRental, showMetering } from "./lib/demo-payments.ts";
import { runVmDemo } from "./lib/demo-vm.ts";
import { freePort, isPortFree } from "./lib/free-port.ts";
import { startLocalChain } from "./lib/local-chain.ts";
import { localChainKit } from "./lib/local-chain-kit.ts";
import { parsePort } from "./lib/parse-port.ts";
import type { ProviderDaemon } from "./lib/provider-daemon.ts";
import { printScriptError } from "./lib/script-error.ts";
import { startWebDapp, type WebDapp } from "./lib/web-dapp.ts";

const usage = "./dev demo [--once] [--web] [--pay eth|glm] [--port N] [--web-port N]";
let options: {
  once: boolean;
  web: boolean;
  pay: "glm" | "eth";
  port: number | undefined;
  webPort: number;
};
try {
  const { values } = parseArgs({
    options: {
      once: { type: "boolean", default: false },
      web: { type: "boolean", default: false },
      pay: { type: "string", default: "glm" },
      port: { type: "string" },
      "web-port": { type: "string", default: "3000" },
    },
  });
  if (values.pay !== "glm" && values.pay !== "eth") {
    throw new GolemError("VALIDATION_FAILED", `--pay must be eth or glm, not "${values.pay}"`, {
      hints: [
        "--pay eth pays in the chain's native ETH; --pay glm (the default) in the test GLM token",
      ],
      details: { field: "--pay", value: values.pay },
    });
  }
  options = {
    once: values.once,
    web: values.web,
    pay: values.pay,
    port: values.port === undefined ? undefined : parsePort("--port", values.port),
    webPort: parsePort("--web-port", values["web-port"]),
  };
} catch (error) {
  printScriptError(error, { usage });
  process.exit(2);
}
const serveWeb = options.web || !options.once;

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
  await buildContracts({ log: (line) => step(line) });
  // Without --port: 8545 as `./dev chain` uses, or a free port when something holds it.
  const chain = await startLocalChain({
    port: options.port ?? ((await isPortFree(8545)) ? 8545 : 0),
  });
  cleanup.add("stop the chain", () => chain.stop());
  step(`local chain on ${chain.rpcUrl} (chain id ${chain.chainId})`);
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  const deployment = await deployContracts(connection);
  const deploymentsDir = resolve("deployments");
  const file = await writeDeployment(deployment, deploymentsDir);
  const { StreamPayment, GLM } = deployment.contracts;
  console.log(
    `  StreamPayment ${StreamPayment.address}\n  ${GLM.symbol} token  ${GLM.address}\n  wrote ${file}`,
  );
  // What the rental is paid in: the test GLM token, or native ETH on StreamPaymentNative.
  const payment = paymentDeployment(parseDeployment(deployment), options.pay);
  if (options.pay === "eth") console.log(`  StreamPaymentNative ${payment.streamPayment} (ETH)`);
  const kit = localChainKit({
    ...chain,
    token: options.pay === "eth" ? { address: zeroAddress, symbol: "ETH", decimals: 18 } : GLM,
  });

  // Short path: the VM's QMP socket lives under it (107-byte limit).
  const workDir = await mkdtemp(join(tmpdir(), "golem-demo-"));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  let web: WebDapp | undefined;
  let webUrl: string | undefined;
  if (serveWeb) {
    const wanted = options.webPort;
    const port = wanted > 0 && (await isPortFree(wanted)) ? wanted : await freePort();
    webUrl = `http://127.0.0.1:${port}`;
  }
  // The dapp starts once the provider answers: it is pointed at its API and its gossip peer.
  const startWeb = async (daemon: ProviderDaemon) => {
    if (!webUrl) return;
    const bootstrapPeers = await advertPeers(daemon.apiUrl, "webrtc-direct");
    const logFile = join(workDir, "web.log");
    const dapp = startWebDapp({
      port: Number(new URL(webUrl).port),
      chain,
      deploymentsDir,
      providerApiUrls: [daemon.apiUrl],
      bootstrapPeers,
      logFile,
    });
    web = dapp;
    cleanup.add("stop the web dapp", () => dapp.stop());
    step(`web dapp starting on ${dapp.url} (next dev; log ${logFile})`);
    console.log(`  provider ${daemon.apiUrl}, gossip peer ${bootstrapPeers[0] ?? "none yet"}`);
  };

  const rental = await runVmDemo({
    workDir,
    chain,
    deploymentsDir,
    kit,
    pay: options.pay,
    corsOrigins: webUrl ? [webUrl] : undefined,
    onDaemonStarted: startWeb,
    step,
    cleanup,
  });
  const payments = { rental, kit, streamPayment: payment.streamPayment, step };
  await showMetering(payments);

  if (web) {
    step(`web dapp on ${web.url}`);
    try {
      await web.ready;
      console.log(
        `  serving pages; adverts from ${rental.daemon.apiUrl}, chain ${chain.chainId} at ${chain.rpcUrl}`,
      );
    } catch (error) {
      // Asked for with --web: a dapp that does not come up fails the run; else the rest still works.
      if (options.web) throw error;
      console.log(`  the dapp did not come up: ${(error as Error).message}`);
      web = undefined;
    }
  }
  if (options.once) {
    await settleRental(payments);
  } else {
    step("yours now");
    console.log(`  ssh:       ${rental.sshCommand}`);
    console.log(
      `  golem:     GOLEM_REQUESTOR_HOME=${rental.golemEnv.GOLEM_REQUESTOR_HOME} GOLEM_REQUESTOR_RPC_URL=${chain.rpcUrl} ./dev golem vm ssh ${rental.name}`,
    );
    if (web)
      console.log(
        `  dapp:      ${web.url}  (connect a wallet on ${chain.rpcUrl}, chain ${chain.chainId})`,
      );
    console.log(`  provider:  ./dev provider streams list --data-dir ${rental.daemon.dataDir}`);
    console.log(`  chain:     ${chain.rpcUrl}, deployment in ${file}`);
    console.log(
      "\nThe chain, the provider daemon, the VM and its stream keep running (the provider stops the VM when the stream runs dry). Ctrl-C to stop them.",
    );
    // Only the signal handlers end this wait; the timer keeps the event loop alive.
    setInterval(() => {}, 1 << 30);
    await new Promise<never>(() => {});
  }
  console.log("\ndemo finished");
} catch (err) {
  exitCode = 1;
  // After Ctrl-C the cleanup pulls things away under the running steps: their errors are noise.
  if (!interrupted) printScriptError(err, { usage });
}
if (!interrupted) {
  await cleanup.run();
  process.exit(exitCode);
}
