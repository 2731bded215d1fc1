"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { type Address, getAddress, isAddress } from "viem";
import { normalizeApiUrl } from "../lib/local-records.ts";
import { RentView } from "./rent-view.tsx";

/**
 * The rent form for the provider the URL names (`?provider=<api url>&id=<advert signer>`), read
 * in the page (the site is static), or a pointer to the Providers page.
 */
export function RentFromQuery() {
  const query = useSearchParams();
  const provider = query.get("provider");
  const id = query.get("id");
  const apiUrl = provider ? normalizeApiUrl(provider) : undefined;
  // The signer of the advert the user chose: the offer must be signed by it.
  const providerId: Address | undefined =
    id && isAddress(id, { strict: false }) ? getAddress(id) : undefined;
  return apiUrl ? (
    <RentView apiUrl={apiUrl} advertProviderId={providerId} />
  ) : (
    <p data-testid="rent-no-provider">
      Pick a provider first on the <Link href="/providers">Providers</Link> page.
    </p>
  );
}
