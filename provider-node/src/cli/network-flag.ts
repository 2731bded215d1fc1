import {
  isPaymentsNetworkName,
  paymentsNetworkNames,
  paymentsNetworks,
} from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** What `--network` meant in `golem-provider` before it meant the payments network. */
const oldDiscoveryLabels = new Set(["development", "testnet"]);

/**
 * The config flags `--network <name>` sets: the payments network, as in `golem` (`local`,
 * `sepolia`, …): `payments.chainId`, which is also the chain SIWE sign-ins must name. The old
 * discovery labels (`development`, `testnet`) fail with `FLAG_RENAMED` saying what to pass now;
 * any other unknown name with `VALIDATION_FAILED` listing the names.
 *
 * @example networkFlags("sepolia"); // { payments: { chainId: 11155111 } }
 */
export function networkFlags(name: string | undefined) {
  if (name === undefined) return {};
  const names = paymentsNetworkNames.join(", ");
  if (oldDiscoveryLabels.has(name)) {
    throw new GolemError(
      "FLAG_RENAMED",
      `--network now names the payments network (${names}), as in golem; "${name}" was a discovery network label, which is gone`,
      {
        hints: [
          "for the local chain pass --network local (the default), for a public one its name, e.g. --network sepolia",
          "the chain can also be set with payments.chainId (GOLEM_PROVIDER_PAYMENTS_CHAIN_ID)",
        ],
        details: { field: "--network", value: name },
      },
    );
  }
  if (!isPaymentsNetworkName(name)) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `--network must name a payments network, not "${name}"`,
      {
        hints: [`pass one of: ${names}`],
        details: { field: "--network", value: name },
      },
    );
  }
  const chainId = paymentsNetworks[name];
  return { payments: { chainId } };
}
