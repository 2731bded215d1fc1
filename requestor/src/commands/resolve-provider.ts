import type { Advert } from "@vm-on-golem/sdk/advert";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { findProviderAdvert } from "@vm-on-golem/sdk/rent";
import { type Address, isAddressEqual, zeroAddress } from "viem";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { ownDeployment } from "../chain/own-deployment.ts";
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

/** Where provider `providerId` answers, and its signed advert when one was found. */
export type ResolvedProvider = {
  apiUrl: string;
  /** Its verified advert on this CLI's deployment: the prices its offer is held to. */
  advert: Advert | undefined;
};

/**
 * The API URL of provider `providerId` and its verified advert: from discovery, or
 * `--provider-url` checked against the node's own `GET /provider/info`, with the advert the
 * node serves signed by that provider (none when it serves none). Fails with
 * `PROVIDER_UNREACHABLE` (no advert, no answer) or `PROVIDER_MISMATCH` (another provider).
 *
 * @example
 * const { apiUrl, advert } = await resolveProviderUrl({ ctx, config, session, providerId, size });
 */
export async function resolveProviderUrl(
  params: ResolveProviderUrlParameters,
): Promise<ResolvedProvider> {
  const { providerId } = params;
  if (params.providerUrl !== undefined) {
    const info = await createProviderClient({
      baseUrl: params.providerUrl,
      timeoutMs: 15_000,
    }).providerInfo();
    if (info.providerId === null || !isAddressEqual(info.providerId, providerId)) {
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
    const advert = await findProviderAdvert({
      url: params.providerUrl,
      provider: providerId,
      accept: [ownDeployment(params.session)],
      timeoutMs: 15_000,
    });
    return { apiUrl: params.providerUrl, advert };
  }
  const adverts = await discoverAdverts(params.ctx, params.config, params.session, params.size);
  const advert = adverts.find((signed) => isAddressEqual(signed.advert.provider, providerId));
  if (advert === undefined) {
    const { cpu, memoryGiB, storageGiB } = params.size;
    const { GLM } = params.session.deployment.contracts;
    const other = GLM.address === zeroAddress ? "glm" : "eth";
    throw new GolemError(
      "PROVIDER_UNREACHABLE",
      `provider ${providerId} has no verified advert paid in ${GLM.symbol} with room for ${cpu} CPU, ${memoryGiB} GiB RAM, ${storageGiB} GiB disk`,
      {
        hints: [
          "list providers that fit with `golem vm providers --cpu … --memory … --storage …`",
          `a provider paid in the other coin is listed by \`golem vm providers --pay ${other}\` and rented with --pay ${other}`,
          "or pass the provider's API with --provider-url",
        ],
        details: { providerId, cpu, memoryGiB, storageGiB },
      },
    );
  }
  return { apiUrl: advert.advert.apiUrl, advert: advert.advert };
}
