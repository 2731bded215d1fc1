import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderClient } from "@vm-on-golem/sdk/provider-client";
import { type Address, isAddressEqual } from "viem";

/**
 * Asks the provider who it is (`GET /provider/info`) and refuses one that is not `providerId`
 * (`PROVIDER_MISMATCH`): the node reached must be the one whose advert, offer and stream name it.
 *
 * @example await checkAnswersAs(provider, advert.provider);
 */
export async function checkAnswersAs(provider: ProviderClient, providerId: Address): Promise<void> {
  const info = await provider.providerInfo();
  if (info.providerId === null || !isAddressEqual(info.providerId, providerId)) {
    throw new GolemError(
      "PROVIDER_MISMATCH",
      `the node reached is provider ${info.providerId ?? "(no payment id)"}, not ${providerId}`,
      { details: { expected: providerId, actual: info.providerId } },
    );
  }
}
