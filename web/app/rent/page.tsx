import Link from "next/link";
import { type Address, getAddress, isAddress } from "viem";
import { PageTitle } from "../../src/components/page-title.tsx";
import { RentView } from "../../src/components/rent-view.tsx";
import { normalizeApiUrl } from "../../src/lib/local-records.ts";

export const metadata = { title: "Rent · VM on Golem" };

export default async function RentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { provider, id } = await searchParams;
  const apiUrl = typeof provider === "string" ? normalizeApiUrl(provider) : undefined;
  // The signer of the advert the user chose: the offer must be signed by it.
  const providerId: Address | undefined =
    typeof id === "string" && isAddress(id, { strict: false }) ? getAddress(id) : undefined;
  return (
    <section>
      <PageTitle title="Rent a VM">
        Size, image and SSH key; one sign-in, one payment, then the SSH command.
      </PageTitle>
      {apiUrl ? (
        <RentView apiUrl={apiUrl} advertProviderId={providerId} />
      ) : (
        <p data-testid="rent-no-provider">
          Pick a provider first on the <Link href="/providers">Providers</Link> page.
        </p>
      )}
    </section>
  );
}
