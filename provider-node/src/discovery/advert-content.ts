import { isIP } from "node:net";
import { machine, type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import type { AdvertNodeContent } from "@vm-on-golem/sdk/discovery/node";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { ResourceBudget } from "../resources/resource-budget.ts";

/** ISO 3166-1 user-assigned code for "unknown", advertised when `country` is not set. */
export const UNKNOWN_COUNTRY = "ZZ";

/** Parameters of {@link advertApiUrl}. */
export type AdvertApiUrlParameters = {
  /** `api.publicHost` (`auto`: derived). */
  publicHost: string;
  /** `api.host`, the bind address. */
  bindHost: string;
  port: number;
  /** The host's interfaces; default `os.networkInterfaces()`. */
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]> | undefined;
};

/**
 * The API URL put in the advert: `api.publicHost` when set; else the bind address when it is a
 * specific one; else the host's first non-internal IPv4 address (then 127.0.0.1).
 *
 * @example advertApiUrl({ publicHost: "p.example", bindHost: "0.0.0.0", port: 7466 }); // "http://p.example:7466"
 */
export function advertApiUrl(parameters: AdvertApiUrlParameters): string {
  const { publicHost, bindHost, port } = parameters;
  let host = publicHost;
  if (host === "auto") {
    const wildcard = bindHost === "0.0.0.0" || bindHost === "::";
    host = wildcard ? firstPublicIpv4(parameters.interfaces ?? networkInterfaces()) : bindHost;
  }
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * The API URL this node advertises, from its config: {@link advertApiUrl} over `api.publicHost`,
 * `api.host` and `api.port`. The SIWE domain is derived from it too, so both agree.
 *
 * @example nodeApiUrl(config); // "http://192.0.2.10:7466"
 */
export function nodeApiUrl(config: Pick<ProviderConfig, "api">): string {
  return advertApiUrl({
    publicHost: config.api.publicHost,
    bindHost: config.api.host,
    port: config.api.port,
  });
}

function firstPublicIpv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  for (const list of Object.values(interfaces)) {
    const found = list?.find((i) => i.family === "IPv4" && !i.internal);
    if (found) return found.address;
  }
  return "127.0.0.1";
}

/** The VM architecture in advert form (`x86_64`, `aarch64`, ...). */
export function advertPlatform(arch: string = machine()): string {
  const normalized = arch.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return { x64: "x86_64", amd64: "x86_64", arm64: "aarch64" }[normalized] ?? normalized;
}

/** Parameters of {@link advertContentOf}. */
export type AdvertContentOfParameters = {
  config: Pick<ProviderConfig, "country" | "ssh"> & {
    vms: Pick<ProviderConfig["vms"], "maxPublishedPorts">;
  };
  budget: Pick<ResourceBudget, "limit" | "free">;
  settings: Pick<PaymentSettings, "chainId" | "streamPayment" | "token" | "prices">;
  apiUrl: string;
  platform: string;
};

const wholeGiB = (mib: number) => Math.floor(mib / 1024);

/**
 * What the provider states in its advert: the resource limit as total, what is free, token
 * prices per hour, the payment deployment, the SSH port range (inclusive) and where its API is.
 *
 * @example const content = advertContentOf({ config, budget: await service.budget(), settings, apiUrl, platform: "x86_64" });
 */
export function advertContentOf(parameters: AdvertContentOfParameters): AdvertNodeContent {
  const { config, budget, settings } = parameters;
  const amounts = (a: ResourceBudget["free"]) => ({
    cpu: a.cpu,
    memoryGiB: wholeGiB(a.memoryMib),
    storageGiB: a.storageGib,
  });
  return {
    apiUrl: parameters.apiUrl,
    resources: { total: amounts(budget.limit), free: amounts(budget.free) },
    prices: {
      perCoreHour: settings.prices.perCoreHour,
      perGiBMemoryHour: settings.prices.perGiBMemoryHour,
      perGiBDiskHour: settings.prices.perGiBDiskHour,
    },
    country: config.country || UNKNOWN_COUNTRY,
    platform: parameters.platform,
    chainId: settings.chainId,
    streamPayment: settings.streamPayment,
    token: settings.token,
    sshPorts: { first: config.ssh.portRangeStart, last: config.ssh.portRangeEnd - 1 },
    maxPublishedPorts: config.vms.maxPublishedPorts,
  };
}
