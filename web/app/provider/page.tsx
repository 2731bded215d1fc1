import { EarningsView } from "../../src/components/earnings-view.tsx";
import { PageTitle } from "../../src/components/page-title.tsx";

export const metadata = { title: "Provider dashboard · VM on Golem" };

export default function ProviderPage() {
  return (
    <section>
      <PageTitle title="Provider dashboard">
        The connected address as a provider: its advert as the network sees it, earnings over time,
        the streams paying it; withdraw what accrued.
      </PageTitle>
      <EarningsView />
    </section>
  );
}
