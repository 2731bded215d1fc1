import Link from "next/link";

export default function HomePage() {
  return (
    <section>
      <h1>VM on Golem</h1>
      <p>Rent a Linux VM from a provider, pay by the second through an on-chain stream, SSH in.</p>
      <p>
        <Link href="/streams">Your streams</Link>
      </p>
    </section>
  );
}
