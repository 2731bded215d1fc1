/**
 * The demo's rental, through the requestor CLI `golem` as a user runs it: the provider daemon
 * with the real QEMU driver and payments on against the demo's chain; a requestor home of its
 * own (a fresh key funded from the faucet); `golem vm providers` finding the provider over
 * libp2p gossip; `golem vm create` (SIWE, the provider's signed offer, a stream opened with a
 * permit, the VM, waiting until SSH answers); `golem vm ssh demo -- 'uname -a; nproc'`.
 * With `pay: "eth"` the provider runs with `payments.pay: eth` and the requestor rents with
 * `--pay eth`: the stream is opened on StreamPaymentNative with the deposit as the value.
 *
 * @example const rental = await runVmDemo({ workDir, chain, deployment, deploymentsDir, kit, step, cleanup });
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import type { Address } from "viem";
import { advertPeers } from "./advert-peers.ts";
import type { CleanupStack } from "./cleanup-stack.ts";
import { jsonOf, runGolem, showGolem } from "./golem-cli.ts";
import type { LocalChainKit } from "./local-chain-kit.ts";
import { type ProviderDaemon, startProviderDaemon } from "./provider-daemon.ts";

/** Parameters of {@link runVmDemo}. */
export type RunVmDemoParameters = {
  /** Holds the provider's data directory and the requestor's home (short path: QMP socket limit). */
  workDir: string;
  chain: { rpcUrl: string; chainId: number };
  /** Absolute folder holding the deployment's `<chainId>.json`. */
  deploymentsDir: string;
  kit: LocalChainKit;
  /** What the rental is paid in: the test GLM token (default) or the chain's native ETH. */
  pay?: "glm" | "eth";
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

/** The rental, for the payment steps that follow. */
export type VmRental = {
  /** The VM's name in the requestor's home. */
  name: string;
  streamId: string;
  /** The `ssh …` command `golem vm connect` prints. */
  sshCommand: string;
  /** `GOLEM_REQUESTOR_*` settings of the demo's requestor home, for {@link runGolem}. */
  golemEnv: Record<string, string>;
  daemon: ProviderDaemon;
  requestor: Address;
  providerId: Address;
  /** What the rental is paid in. */
  pay: "glm" | "eth";
  /** Balances (the kit's token: GLM or ETH) right before the VM was rented. */
  before: { requestor: bigint; provider: bigint };
  /** The chain's block number right before the VM was rented (for the gas of later transactions). */
  startBlock: bigint;
};

/** The demo's VM: 2 vCPU, 1 GiB memory, 4 GiB disk. */
const size = ["--cpu", "2", "--memory", "1", "--storage", "4"];

/** Runs the rental; the VM and daemon stay up until `cleanup` runs. */
export async function runVmDemo(parameters: RunVmDemoParameters): Promise<VmRental> {
  const { step, cleanup, kit, chain } = parameters;
  const pay = parameters.pay ?? "glm";
  const payFlag = pay === "eth" ? ["--pay", "eth"] : [];
  step(
    `provider daemon with the QEMU driver, payments on (chain ${chain.chainId}, paid in ${pay === "eth" ? "ETH" : "GLM"})`,
  );
  const dataDir = join(parameters.workDir, "provider");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const daemon = await startProviderDaemon({
    dataDir,
    apiPort: parameters.apiPort,
    payments: { ...chain, deploymentsDir: parameters.deploymentsDir },
    corsOrigins: parameters.corsOrigins,
    // payments.pay: which StreamPayment of the deployment the provider accepts streams on.
    env: { GOLEM_PROVIDER_PAYMENTS_PAY: pay },
  });
  cleanup.add("stop the provider daemon", () => daemon.stop());
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

  const bootstrap = await advertPeers(daemon.apiUrl, "tcp");
  const golemEnv = {
    GOLEM_REQUESTOR_HOME: join(parameters.workDir, "golem"),
    GOLEM_REQUESTOR_RPC_URL: chain.rpcUrl,
    GOLEM_REQUESTOR_DEPLOYMENTS_DIR: parameters.deploymentsDir,
    GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(","),
  };
  // Any VM this demo made goes before the daemon: the CLI's own (stream terminated, the rest
  // refunded), then, through the operator's CLI, one whose create Ctrl-C cut off.
  cleanup.add("destroy the demo's VMs", async () => {
    await runGolem(["vm", "purge", "--yes", "--json"], golemEnv, { timeoutMs: 300_000 });
    const left = JSON.parse(await daemon.cli("vm", "list", "--json")) as { id: string }[];
    for (const vm of left) await daemon.cli("vm", "destroy", vm.id);
  });

  step(
    "the requestor CLI, in a home of its own: a fresh key takes test GLM and gas ETH from the faucet",
  );
  console.log(`  GOLEM_REQUESTOR_HOME=${golemEnv.GOLEM_REQUESTOR_HOME}`);
  await showGolem(["wallet", "faucet"], golemEnv);
  const { address: requestor } = jsonOf<{ address: Address }>(
    await runGolem(["wallet", "address", "--json"], golemEnv),
  );

  step("the provider's signed advert, found over libp2p gossip");
  console.log(`  (bootstrap peer ${bootstrap[0] ?? "none: the daemon has not advertised yet"})`);
  await showGolem(["vm", "providers", ...payFlag, ...size], golemEnv);

  step(
    pay === "eth"
      ? "rent it for 2 hours: sign-in, signed offer, a stream funded with ETH (the deposit as the value), the VM, SSH"
      : "rent it for 2 hours: sign-in, signed offer, a stream with a permit, the VM, SSH",
  );
  const startBlock = await kit.publicClient.getBlockNumber();
  const before = {
    requestor: await kit.balanceOf(requestor),
    provider: await kit.balanceOf(providerId),
  };
  await showGolem(
    [
      "vm",
      "create",
      "demo",
      "--provider-id",
      providerId,
      ...payFlag,
      ...size,
      "--hours",
      "2",
      "--yes",
    ],
    golemEnv,
  );
  const vm = jsonOf<{ streamId: string | null }>(
    await runGolem(["vm", "info", "demo", "--json"], golemEnv),
  );
  if (vm.streamId === null) throw new Error("golem recorded the demo VM without its stream");
  const { command: sshCommand } = jsonOf<{ command: string }>(
    await runGolem(["vm", "connect", "demo", "--json"], golemEnv),
  );

  step("a command in the VM over OpenSSH");
  await showGolem(["vm", "ssh", "demo", "--", "uname -a; nproc"], golemEnv);
  return {
    name: "demo",
    streamId: vm.streamId,
    sshCommand,
    golemEnv,
    daemon,
    requestor,
    providerId,
    pay,
    before,
    startBlock,
  };
}
