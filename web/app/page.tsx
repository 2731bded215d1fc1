import Link from "next/link";

export default function HomePage() {
  return (
    <section>
      <h1>VM on Golem</h1>
      <p>Rent a Linux VM from a provider, pay by the second through an on-chain stream, SSH in.</p>
      <ul>
        <li>
          <Link href="/providers">Providers</Link>: find one, check its price and reachability, rent
        </li>
        <li>
          <Link href="/vms">My VMs</Link>: status, runway, top up, stop, start, destroy
        </li>
        <li>
          <Link href="/streams">Your streams</Link>: every stream you pay or are paid by
        </li>
        <li>
          <Link href="/provider">Provider earnings</Link>: streams paying you, withdraw
        </li>
      </ul>
    </section>
  );
}
