import { EarningsView } from "../../src/components/earnings-view.tsx";
import { PageTitle } from "../../src/components/page-title.tsx";

export const metadata = { title: "Provider earnings · VM on Golem" };

export default function ProviderPage() {
  return (
    <section>
      <PageTitle title="Provider earnings">
        Streams paying the connected address as a provider; withdraw what accrued.
      </PageTitle>
      <EarningsView />
    </section>
  );
}
