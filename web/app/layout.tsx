import "@rainbow-me/rainbowkit/styles.css";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BalancesStrip } from "../src/components/balances-strip";
import { ErrorDisplay } from "../src/components/error-display";
import { Header } from "../src/components/header";
import { NetworkGuard } from "../src/components/network-guard";
import { Providers } from "../src/components/providers";
import { loadWebConfig } from "../src/server/load-web-config";

// The deployment and RPC are read per request, so one build serves any chain.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "VM on Golem",
  description: "Rent a Linux VM, pay by the second through an on-chain stream, SSH in.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const result = await loadWebConfig();
  return (
    <html lang="en">
      <body>
        {result.ok ? (
          <Providers config={result.config}>
            <Header />
            <NetworkGuard />
            <BalancesStrip />
            <main>{children}</main>
          </Providers>
        ) : (
          <main>
            <h1>VM on Golem</h1>
            <ErrorDisplay error={result.error} title="the dapp is not configured" />
          </main>
        )}
      </body>
    </html>
  );
}
