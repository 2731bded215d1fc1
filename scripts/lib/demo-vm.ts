/**
 * The demo's rental: the provider daemon with the real QEMU driver and payments on against the
 * demo's chain; a fresh requestor key funded from the faucet rents a VM with `rentVm` (SIWE,
 * the provider's signed offer, a stream opened with a permit, the VM created with offer and
 * stream id), waits for `running`, and runs a real `ssh … 'uname -a; nproc'`.
 *
 * @example const rental = await runVmDemo({ workDir, chain, deployment, deploymentsDir, kit, step, cleanup });
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { requestGlmFromFaucet } from "@vm-on-golem/sdk/contract/request-glm-from-faucet";
import {
  createProviderClient,
  type ProviderClient,
} from "@vm-on-golem/sdk/provider-client/create-provider-client";
import type { VmView } from "@vm-on-golem/sdk/provider-client/provider-api-types";
import { rentVm } from "@vm-on-golem/sdk/rent/rent-vm";
import { waitForVmRunning } from "@vm-on-golem/sdk/rent/wait-for-vm";
import type { StreamId } from "@vm-on-golem/sdk/stream/stream-id";
import type { Address } from "viem";
import type { Deployment } from "../deploy.ts";
import type { CleanupStack } from "./cleanup-stack.ts";
import type { LocalChainKit } from "./local-chain-kit.ts";
import { type ProviderDaemon, startProviderDaemon } from "./provider-daemon.ts";
import { generateSshKey, runSsh, sshCommandLine, waitForSshLogin } from "./ssh-key.ts";

/** Parameters of {@link runVmDemo}. */
export type RunVmDemoParameters = {
  /** Holds the provider's data directory and the SSH key (short path: QMP socket limit). */
  workDir: string;
  chain: { rpcUrl: string; chainId: number };
  deployment: Deployment;
  /** Absolute folder holding the deployment's `<chainId>.json`. */
  deploymentsDir: string;
  kit: LocalChainKit;
  /** The provider API's port on 127.0.0.1 (0 or absent: a free one). */
  apiPort?: number;
  /** Browser origins the provider's API allows (the dapp's URL). */
  corsOrigins?: string[];
  /** Called once the daemon's API answers, before the rental (e.g. to start the dapp). */
  onDaemonStarted?: (daemon: ProviderDaemon) => Promise<void>;
  step: (title: string) => void;
  /** Gets the undo steps: destroy the VM, stop the daemon. */
  cleanup: CleanupStack;
};

/** The rental, for the payment steps that follow and for logging in again. */
export type VmRental = {
  vm: VmView;
  sshCommand: string;
  streamId: StreamId;
  daemon: ProviderDaemon;
  client: ProviderClient;
  requestor: Awaited<ReturnType<LocalChainKit["freshWallet"]>>;
  providerId: Address;
  /** Token balances right before the stream was opened. */
  before: { requestor: bigint; provider: bigint };
};

/** Runs the rental; the VM and daemon stay up until `cleanup` runs. */
export async function runVmDemo(parameters: RunVmDemoParameters): Promise<VmRental> {
  const { step, cleanup, kit, chain } = parameters;
  const { StreamPayment, GLM } = parameters.deployment.contracts;
  step(`provider daemon with the QEMU driver, payments on (chain ${chain.chainId})`);
  const dataDir = join(parameters.workDir, "provider");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const daemon = await startProviderDaemon({
    dataDir,
    apiPort: parameters.apiPort,
    payments: { ...chain, deploymentsDir: parameters.deploymentsDir },
    corsOrigins: parameters.corsOrigins,
  });
  let client: ProviderClient | undefined;
  cleanup.add("stop the provider daemon", () => daemon.stop());
  // Any VM this demo made, even one whose create answer Ctrl-C cut off, goes before the daemon.
  cleanup.add("destroy the demo's VMs", async () => {
    for (const vm of (await client?.listVms()) ?? []) await client?.destroyVm(vm.id);
  });
  const info = await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo();
  if (!info.paymentsEnabled || !info.providerId) {
    throw new Error("the demo's provider daemon must run with payments on");
  }
  const providerId = info.providerId as Address;
  console.log(`  API ${daemon.apiUrl}/api/v1, driver ${info.driver.name} (${info.driver.accel})`);
  console.log(`  provider id (payment address) ${providerId}, key in ${dataDir}/payment.key`);
  console.log(`  log ${daemon.logFile}`);
  await kit.fundGas(providerId); // for its withdraw transactions
  await parameters.onDaemonStarted?.(daemon);

  step("a fresh requestor key takes test GLM from the faucet");
  const requestor = await kit.freshWallet();
  await requestGlmFromFaucet(requestor, { token: GLM.address });
  const before = {
    requestor: await kit.balanceOf(requestor.account.address),
    provider: await kit.balanceOf(providerId),
  };
  console.log(`  requestor ${requestor.account.address}: ${kit.fmt(before.requestor)}`);

  step("requestor rents 2 vCPU, 1 GiB memory, 4 GiB disk for 2 hours with rentVm");
  const key = await generateSshKey(parameters.workDir, "golem-demo");
  client = createProviderClient({ baseUrl: daemon.apiUrl, signer: requestor.account });
  const rented = await rentVm({
    provider: client,
    wallet: requestor,
    deployment: {
      chainId: chain.chainId,
      streamPayment: StreamPayment.address,
      token: GLM.address,
    },
    providerId,
    vm: { name: "demo", cpu: 2, memoryGiB: 1, storageGiB: 4, sshPublicKey: key.publicKey },
    hours: 2,
    onStep: (s) => console.log(`  · ${rentStepText[s]}`),
    confirm: async (quote) => {
      console.log(
        `    offer: ${kit.fmt(quote.ratePerSecond * 3600n)} per hour (${kit.fmt(quote.ratePerSecond)}/s), signed by the provider`,
      );
      console.log(`    deposit ${kit.fmt(quote.deposit)} for ${quote.seconds} s`);
      return true;
    },
  });
  console.log(`  stream #${rented.streamId} (tx ${rented.streamTx})`);
  console.log(`  VM ${rented.vm.id} ${rented.vm.status}, public SSH port ${rented.vm.sshPort}`);

  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
  const progress = (text: string) =>
    process.stdout.isTTY
      ? process.stdout.write(`\r  ${text}   `)
      : Number(seconds()) % 10 < 2 && console.log(`  ${text}`);
  const vm = await waitForVmRunning({
    provider: client,
    vmId: rented.vm.id,
    timeoutMs: 10 * 60_000,
    onPoll: (v) => progress(`${v.status} … ${seconds()} s (a TCG boot takes 40–140 s)`),
  });
  if (process.stdout.isTTY) process.stdout.write("\n");
  console.log(`  running after ${seconds()} s (SSH banner on the public port)`);
  const access = await client.vmAccess(vm.id);
  const target = { keyPath: key.privateKeyPath, port: access.port, host: "127.0.0.1" };
  await waitForSshLogin({
    ...target,
    timeoutMs: 5 * 60_000,
    onWait: (s) => progress(`waiting for the key to be installed … ${s.toFixed(0)} s`),
  });
  if (process.stdout.isTTY) process.stdout.write("\n");
  console.log(`  SSH login works after ${seconds()} s`);

  step(`ssh -p ${access.port} golem@127.0.0.1 'uname -a; nproc'`);
  const output = await runSsh({ ...target, command: "uname -a; nproc" });
  for (const line of output.trim().split("\n")) console.log(`  │ ${line}`);
  return {
    vm,
    sshCommand: sshCommandLine(target),
    streamId: rented.streamId,
    daemon,
    client,
    requestor,
    providerId,
    before,
  };
}

const rentStepText = {
  "sign-in": "sign in with SIWE (one signature)",
  offer: "ask for a signed offer and check it (provider, chain, contract, token, size)",
  stream: "open a stream with a permit: serviceId = hash(offer), 1 signature + 1 transaction",
  create: "create the VM with the offer and stream id; the provider checks the stream on chain",
} as const;
