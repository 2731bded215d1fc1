import { join } from "node:path";
import { type LocalPaidChain, startLocalPaidChain } from "../../../scripts/lib/local-paid-chain.ts";
import {
  type ProviderDaemon,
  type ProviderDaemonPayments,
  startProviderDaemon,
} from "../../../scripts/lib/provider-daemon.ts";

/** A real Hardhat node with the contracts deployed and a requestor home for the CLI. */
export type PaidChain = LocalPaidChain & {
  /** Env for `runGolem`: home, RPC, deployments. */
  env: Record<string, string>;
};

/**
 * Starts a Hardhat node on a free port, deploys StreamPayment + the test token into a temp
 * deployments folder (the shared `startLocalPaidChain`) and prepares a requestor home, like
 * `./dev demo` does.
 *
 * @example
 * const paid = await startPaidChain();
 * await runGolem(["wallet", "faucet"], paid.env);
 */
export async function startPaidChain(): Promise<PaidChain> {
  const paid = await startLocalPaidChain();
  return {
    ...paid,
    env: {
      GOLEM_REQUESTOR_HOME: join(paid.dir, "golem"),
      GOLEM_REQUESTOR_RPC_URL: paid.chain.rpcUrl,
      GOLEM_REQUESTOR_DEPLOYMENTS_DIR: paid.deploymentsDir,
    },
  };
}

/**
 * Payments of a provider daemon paid on `paid`'s chain (for `startProviderDaemon`): only cores
 * are priced (1 GLM per core-hour), and a short minimum runway lets a one-hour stream do.
 */
export function corePricedPayments(paid: PaidChain): ProviderDaemonPayments {
  return {
    ...paidOn(paid),
    prices: { perCoreHour: "1000000000000000000", perGiBMemoryHour: "0", perGiBDiskHour: "0" },
  };
}

/** Payments on `paid`'s chain and deployment at the daemon's default prices, 600 s least runway. */
function paidOn(paid: PaidChain): ProviderDaemonPayments {
  return {
    rpcUrl: paid.chain.rpcUrl,
    chainId: paid.chain.chainId,
    deploymentsDir: paid.deploymentsDir,
    minRunwaySeconds: 600,
  };
}

/** Folder of the TEST-ONLY fake guests of {@link startFakeGuestProvider} (one JSON file per VM). */
export function fakeVmsDir(paid: PaidChain): string {
  return join(paid.dir, "fake-vms");
}

/**
 * The real provider daemon, paid on `paid`'s chain (default prices, 600 s least runway), whose
 * VMs are the TEST-ONLY fake process driver's guests (GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR):
 * a process that answers an SSH banner, for tests about discovery, payment and the CLI rather
 * than the hypervisor. `pay` sets `payments.pay` (default glm; eth: StreamPaymentNative). Kill leftovers with `killFakeGuests(fakeVmsDir(paid))`.
 */
export function startFakeGuestProvider(
  paid: PaidChain,
  options: { pay?: "glm" | "eth" } = {},
): Promise<ProviderDaemon> {
  return startProviderDaemon({
    dataDir: join(paid.dir, "p"),
    payments: paidOn(paid),
    env: {
      GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeVmsDir(paid),
      ...(options.pay && { GOLEM_PROVIDER_PAYMENTS_PAY: options.pay }),
    },
  });
}

/**
 * Requestor env for renting a fake guest: the CLI's SSH login check runs `true` instead of
 * `ssh` (TEST-ONLY: a fake guest speaks nothing beyond its banner; real logins are checked
 * against QEMU guests in cli-rental.e2e.test.ts and the demo's test).
 */
export const fakeGuestLoginEnv = { GOLEM_REQUESTOR_SSH_COMMAND: "true" } as const;
