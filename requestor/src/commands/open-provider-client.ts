import { tcp } from "@libp2p/tcp";
import type { Advert } from "@vm-on-golem/sdk/advert";
import {
  chooseProviderTransport,
  createProviderClient,
  type ProviderClient,
  type ProviderClientSigner,
  type ProviderTransportChoice,
} from "@vm-on-golem/sdk/provider-client";
import {
  createApiClientLibp2p,
  providerClientForAdvert,
} from "@vm-on-golem/sdk/provider-client/libp2p";

/** Parameters of {@link openProviderClient}. */
export type OpenProviderClientParameters = {
  /** The provider's API URL (its advert's, or `--provider-url`). */
  apiUrl: string;
  /** Its verified advert, when one was found: then the transport is chosen from it. */
  advert: Advert | undefined;
  /** The `providerTransport` setting. */
  choice: ProviderTransportChoice;
  signer: ProviderClientSigner;
  chainId: number;
};

/** A provider client and what to close when done with it. */
export type OpenedProviderClient = { provider: ProviderClient; close(): Promise<void> };

/**
 * A client for the provider: over libp2p (TCP) when its advert offers it, every connection
 * proving the advert's peer id and the sign-in bound to it; over plain HTTP to `apiUrl` when the
 * advert does not and the setting allows it (`chooseProviderTransport`), or without an advert.
 *
 * @example
 * const { provider, close } = await openProviderClient({ apiUrl, advert, choice: config.providerTransport, signer, chainId });
 */
export async function openProviderClient(
  params: OpenProviderClientParameters,
): Promise<OpenedProviderClient> {
  const { advert, signer, chainId } = params;
  if (advert === undefined) {
    const provider = createProviderClient({ baseUrl: params.apiUrl, signer, chainId });
    return { provider, close: async () => {} };
  }
  const on = { ...advert, apiUrl: params.apiUrl };
  if (chooseProviderTransport(on, params.choice) === "http") {
    const provider = providerClientForAdvert({ advert: on, signer, chainId, transport: "http" });
    return { provider, close: async () => {} };
  }
  const libp2p = await createApiClientLibp2p([tcp()]);
  const provider = providerClientForAdvert({ advert: on, libp2p, signer, chainId });
  return {
    provider,
    close: async () => {
      await libp2p.stop();
    },
  };
}
