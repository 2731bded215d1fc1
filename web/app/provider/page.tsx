import { EarningsView } from "../../src/components/earnings-view.tsx";

export const metadata = { title: "Provider earnings · VM on Golem" };

export default function ProviderPage() {
  return (
    <section>
      <h1>Provider earnings</h1>
      <EarningsView />
    </section>
  );
}
