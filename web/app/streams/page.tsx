import { PageTitle } from "../../src/components/page-title.tsx";
import { StreamsView } from "../../src/components/streams-view";

export const metadata = { title: "Streams · VM on Golem" };

export default function StreamsPage() {
  return (
    <section>
      <PageTitle title="Streams">Every stream the connected address pays or is paid by.</PageTitle>
      <StreamsView />
    </section>
  );
}
