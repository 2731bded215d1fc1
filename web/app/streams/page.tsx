import { StreamsView } from "../../src/components/streams-view";

export const metadata = { title: "Streams · VM on Golem" };

export default function StreamsPage() {
  return (
    <section>
      <h1>Streams</h1>
      <StreamsView />
    </section>
  );
}
