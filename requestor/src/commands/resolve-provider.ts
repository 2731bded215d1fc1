import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client/create-provider-client";
import { type Address, isAddressEqual } from "viem";
import type { ChainSession } from "../chain/open-chain-session.ts";
import type { CliContext } from "../cli/cli-context.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { discoverAdverts } from "./discover-adverts.ts";

/** Parameters of {@link resolveProviderUrl}. */
export type ResolveProviderUrlParameters = {
  ctx: CliContext;
  config: RequestorConfig;
  session: ChainSession;
  providerId: Address;
  /** `--provider-url`: skip discovery, but still check the provider id the node reports. */
  providerUrl?: string | undefined;
  /** The size wanted: only adverts with room for it count. */
  size: { cpu: number; memoryGiB: number; storageGiB: number };
};

/**
 * The API URL of provider `providerId`: from its verified advert (discovery), or
 * `--provider-url` checked against the node's own `GET /provider/info`. Fails with
 * `PROVIDER_UNREACHABLE` (no advert, no answer) or `PROVIDER_MISMATCH` (another provider).
 *
 * @example
 * const apiUrl = await resolveProviderUrl({ ctx, config, session, providerId, size });
 */
export async function resolveProviderUrl(params: ResolveProviderUrlParameters): Promise<string> {
  const { providerId } = params;
  if (params.providerUrl !== undefined) {
    const info = await createProviderClient({
      baseUrl: params.providerUrl,
      timeoutMs: 15_000,
    }).providerInfo();
    if (info.providerId === null || !isAddressEqual(info.providerId as Address, providerId)) {
      throw new GolemError(
        "PROVIDER_MISMATCH",
        `${params.providerUrl} is provider ${info.providerId ?? "(no payment id)"}, not ${providerId}`,
        {
          details: { url: params.providerUrl, expected: providerId, actual: info.providerId },
        },
      );
    }
    if (!info.paymentsEnabled) {
      throw new GolemError("PAYMENTS_DISABLED", `provider ${providerId} does not take payments`, {
        hints: ["rent from a provider that is paid by stream (see `golem vm providers`)"],
        details: { url: params.providerUrl },
      });
    }
    return params.providerUrl;
  }
  const adverts = await discoverAdverts(params.ctx, params.config, params.session, params.size);
  const advert = adverts.find((signed) => isAddressEqual(signed.advert.provider, providerId));
  if (advert === undefined) {
    const { cpu, memoryGiB, storageGiB } = params.size;
    throw new GolemError(
      "PROVIDER_UNREACHABLE",
      `provider ${providerId} has no verified advert with room for ${cpu} CPU, ${memoryGiB} GiB RAM, ${storageGiB} GiB disk`,
      {
        hints: [
          "list providers that fit with `golem vm providers --cpu … --memory … --storage …`",
          "or pass the provider's API with --provider-url",
        ],
        details: { providerId, cpu, memoryGiB, storageGiB },
      },
    );
  }
  return advert.advert.apiUrl;
}
