/**
 * The demo's VM part: the provider daemon with the real QEMU driver, a fresh requestor key
 * signing in with SIWE through the provider client, one VM with a fresh ed25519 key, a wait
 * for `running` with the seconds shown, and a real `ssh … 'uname -a; nproc'`.
 *
 * @example const vm = await runVmDemo({ workDir, chainId: 31337, step, cleanup });
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createProviderClient,
  type ProviderClient,
} from "@vm-on-golem/sdk/provider-client/create-provider-client";
import type { VmView } from "@vm-on-golem/sdk/provider-client/provider-api-types";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { CleanupStack } from "./cleanup-stack.ts";
import { startProviderDaemon } from "./provider-daemon.ts";
import { generateSshKey, runSsh, sshCommandLine, waitForSshLogin } from "./ssh-key.ts";

/** Parameters of {@link runVmDemo}. */
export type RunVmDemoParameters = {
  /** Holds the provider's data directory and the SSH key (short path: QMP socket limit). */
  workDir: string;
  /** Chain the SIWE sign-in names (the local chain's id). */
  chainId: number;
  step: (title: string) => void;
  /** Gets the undo steps: destroy the VM, stop the daemon. */
  cleanup: CleanupStack;
};

/** What the user needs to log in again. */
export type RunVmDemoReturnType = { vm: VmView; sshCommand: string };

/** Runs the VM part; the VM and daemon stay up until `cleanup` runs. */
export async function runVmDemo(parameters: RunVmDemoParameters): Promise<RunVmDemoReturnType> {
  const { step, cleanup } = parameters;
  step("provider daemon with the QEMU driver (payments disabled)");
  const dataDir = join(parameters.workDir, "provider");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const daemon = await startProviderDaemon({
    dataDir,
    env: { GOLEM_PROVIDER_AUTH_CHAIN_ID: String(parameters.chainId) },
  });
  let client: ProviderClient | undefined;
  cleanup.add("stop the provider daemon", () => daemon.stop());
  // Any VM this demo made, even one whose create answer Ctrl-C cut off, goes before the daemon.
  cleanup.add("destroy the demo's VMs", async () => {
    for (const vm of (await client?.listVms()) ?? []) await client?.destroyVm(vm.id);
  });
  const info = await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo();
  console.log(`  API ${daemon.apiUrl}/api/v1, driver ${info.driver.name} (${info.driver.accel})`);
  console.log(`  log ${daemon.logFile}`);

  step("a fresh requestor key signs in with SIWE");
  const account = privateKeyToAccount(generatePrivateKey());
  client = createProviderClient({ baseUrl: daemon.apiUrl, signer: account });
  const session = await client.signIn();
  console.log(`  signed in as ${session.address} (session until ${session.expiresAt})`);

  // Payments seam: with payments enabled, the paid flow goes here. The requestor asks for a
  // signed offer (POST /offers), opens a stream to the provider for it with
  // createStreamWithPermit (see demo-stream.ts), and passes { offer, streamId } to createVm.
  // This daemon runs with payments disabled, so the VM is created without a stream.
  if (info.paymentsEnabled) throw new Error("the demo's daemon must run with payments disabled");

  step("requestor creates a VM: 2 vCPU, 1 GiB memory, 4 GiB disk, a fresh ed25519 key");
  const key = await generateSshKey(parameters.workDir, "golem-demo");
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
  let vm = await client.createVm({
    name: "demo",
    cpu: 2,
    memoryGiB: 1,
    storageGiB: 4,
    sshPublicKey: key.publicKey,
  });
  console.log(`  VM ${vm.id} ${vm.status}, public SSH port ${vm.sshPort}`);
  const progress = (text: string) =>
    process.stdout.isTTY
      ? process.stdout.write(`\r  ${text}   `)
      : Number(seconds()) % 10 < 2 && console.log(`  ${text}`);
  while (vm.status !== "running") {
    if (vm.status === "failed") throw new Error(`VM ${vm.id} failed: ${vm.error}`);
    if (performance.now() - started > 10 * 60_000) throw new Error("VM not running in 10 min");
    progress(`${vm.status} … ${seconds()} s (a TCG boot takes 40–140 s)`);
    await sleep(2000);
    vm = await client.getVm(vm.id);
  }
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
  return { vm, sshCommand: sshCommandLine(target) };
}
