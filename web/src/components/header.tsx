"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import Link from "next/link";

export function Header() {
  return (
    <header className="header">
      <Link href="/" className="brand">
        VM on Golem
      </Link>
      <nav>
        <Link href="/providers">Providers</Link>
        <Link href="/vms">My VMs</Link>
        <Link href="/streams">Streams</Link>
        <Link href="/provider">Provider</Link>
      </nav>
      <ConnectButton showBalance={false} chainStatus="icon" />
    </header>
  );
}
