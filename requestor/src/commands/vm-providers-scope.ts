import {
  isPaymentsNetworkName,
  paymentsNetworkNames,
  paymentsNetworks,
} from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { OWN_DEPLOYMENT, type PaymentsScope } from "./discover-adverts.ts";

/** The payments flags of `golem vm providers`. */
export type PaymentsScopeOptions = {
  /** `--payments-network <name>`: a name `--network` takes. */
  paymentsNetwork?: string | undefined;
  /** `--all-payments`. */
  allPayments?: boolean | undefined;
};

/**
 * Which providers `vm providers` lists: this CLI's own deployment by default, every deployment
 * on a named network with `--payments-network`, or every chain with `--all-payments`. Fails
 * with `VALIDATION_FAILED` for an unknown network name or both flags at once.
 *
 * @example
 * paymentsScope({ paymentsNetwork: "sepolia" }); // { kind: "chain", chainId: 11155111 }
 * paymentsScope({ allPayments: true }); // { kind: "all" }
 */
export function paymentsScope(opts: PaymentsScopeOptions): PaymentsScope {
  const names = paymentsNetworkNames.join(", ");
  if (opts.paymentsNetwork !== undefined && opts.allPayments) {
    throw new GolemError(
      "VALIDATION_FAILED",
      "--payments-network and --all-payments cannot be used together",
      {
        hints: [
          "drop --all-payments to list one network's providers, or --payments-network to list every network's",
        ],
        details: { field: "--payments-network", value: opts.paymentsNetwork },
      },
    );
  }
  if (opts.allPayments) return { kind: "all" };
  if (opts.paymentsNetwork === undefined) return OWN_DEPLOYMENT;
  const name = opts.paymentsNetwork.trim().toLowerCase();
  if (!isPaymentsNetworkName(name)) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `--payments-network must name a known network, not "${opts.paymentsNetwork}"`,
      {
        hints: [`pass one of: ${names}`, "or --all-payments to list every network's providers"],
        details: { field: "--payments-network", value: opts.paymentsNetwork },
      },
    );
  }
  return { kind: "chain", chainId: paymentsNetworks[name] };
}
