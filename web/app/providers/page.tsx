import { ProvidersView } from "../../src/components/providers-view.tsx";

export const metadata = { title: "Providers · VM on Golem" };

export default function ProvidersPage() {
  return (
    <section>
      <h1>Providers</h1>
      <ProvidersView />
    </section>
  );
}
