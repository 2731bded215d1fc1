import { PageTitle } from "../../src/components/page-title.tsx";
import { ProvidersView } from "../../src/components/providers-view.tsx";

export const metadata = { title: "Providers · VM on Golem" };

export default function ProvidersPage() {
  return (
    <section>
      <PageTitle title="Providers">
        Signed adverts and providers added by URL, with prices and reachability checked from this
        page.
      </PageTitle>
      <ProvidersView />
    </section>
  );
}
