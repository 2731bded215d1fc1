import { hostname } from "node:os";
import { paymentsNetworkLabel } from "@vm-on-golem/sdk/deployments";
import type { ProviderInfoView as ProviderInfo } from "@vm-on-golem/sdk/provider-api";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { NodePayments } from "../payments/create-node-payments.ts";
import type { VmService } from "../service/vm-service.ts";
import type { StatusFacts } from "./node-status.ts";

/** Parameters of {@link createProviderInfo}. */
export type CreateProviderInfoParameters = {
  config: ProviderConfig;
  /** The provider id (payment address). */
  providerId: ProviderInfo["providerId"];
  version: string;
  driverReport: StatusFacts["driver"];
  /** The node's payments; undefined when payments are off (no prices, no streams). */
  payments: NodePayments | undefined;
  service: Pick<VmService, "budget">;
};

const gib = (mib: number) => Math.round((mib / 1024) * 100) / 100;

const amounts = (a: { cpu: number; memoryMib: number; storageGib: number }) => ({
  cpu: a.cpu,
  memoryGiB: gib(a.memoryMib),
  storageGiB: a.storageGib,
});

/**
 * What `GET /provider/info` answers: who the node is, its driver, its resources (total and
 * free, read at each call), its prices and payment contract when payments are on, and the API
 * extensions it serves.
 *
 * @example const providerInfo = createProviderInfo({ config, providerId: account.address, version, driverReport, payments, service });
 */
export function createProviderInfo(
  parameters: CreateProviderInfoParameters,
): () => Promise<ProviderInfo> {
  const { config, driverReport, payments, service } = parameters;
  return async () => {
    const budget = await service.budget();
    return {
      providerId: parameters.providerId,
      name: config.name || hostname(),
      country: config.country || null,
      // The payments network by name (`local`, `sepolia`, or `chain <id>`), as `--network` says it.
      network: paymentsNetworkLabel(config.payments.chainId),
      version: parameters.version,
      driver: { ...driverReport, reason: driverReport.reason },
      resources: { total: amounts(budget.limit), free: amounts(budget.free), vms: budget.vms },
      prices: payments
        ? {
            perCoreHour: payments.settings.prices.perCoreHour.toString(),
            perGiBMemoryHour: payments.settings.prices.perGiBMemoryHour.toString(),
            perGiBDiskHour: payments.settings.prices.perGiBDiskHour.toString(),
          }
        : null,
      payments: payments
        ? {
            chainId: payments.settings.chainId,
            streamPayment: payments.settings.streamPayment,
            token: payments.settings.token,
            minRunwaySeconds: payments.settings.minRunwaySeconds,
            accepts: (payments.settings.accepted ?? []).map((entry) => ({
              pay: entry.pay,
              streamPayment: entry.streamPayment,
              token: entry.token,
              symbol: entry.symbol,
              decimals: entry.decimals,
              native: entry.native,
            })),
          }
        : null,
      paymentsEnabled: config.payments.enabled,
      apiExtensions: [
        "siwe-auth",
        "vm-stats",
        ...(config.discovery.enabled ? ["adverts"] : []),
        ...(payments ? ["offers", "streams"] : []),
      ],
    };
  };
}
