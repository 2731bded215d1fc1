import Link from "next/link";
import { RentView } from "../../src/components/rent-view.tsx";
import { normalizeApiUrl } from "../../src/lib/local-records.ts";

export const metadata = { title: "Rent · VM on Golem" };

export default async function RentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { provider } = await searchParams;
  const apiUrl = typeof provider === "string" ? normalizeApiUrl(provider) : undefined;
  return (
    <section>
      <h1>Rent a VM</h1>
      {apiUrl ? (
        <RentView apiUrl={apiUrl} />
      ) : (
        <p data-testid="rent-no-provider">
          Pick a provider first on the <Link href="/providers">Providers</Link> page.
        </p>
      )}
    </section>
  );
}
