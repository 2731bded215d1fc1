import "@rainbow-me/rainbowkit/styles.css";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BalancesStrip } from "../src/components/balances-strip";
import { ErrorDisplay } from "../src/components/error-display";
import { Header } from "../src/components/header";
import { NetworkGuard } from "../src/components/network-guard";
import { Providers } from "../src/components/providers";
import { Toaster } from "../src/components/ui/toaster.tsx";
import { loadWebConfig } from "../src/server/load-web-config";

// The deployment and RPC are read per request, so one build serves any chain.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "VM on Golem",
  description: "Rent a Linux VM, pay by the second through an on-chain stream, SSH in.",
};

const mainClass = "mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const result = await loadWebConfig();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        {result.ok ? (
          <Providers config={result.config}>
            <Header />
            <NetworkGuard />
            <BalancesStrip />
            <main className={mainClass}>{children}</main>
            <Toaster />
          </Providers>
        ) : (
          <main className={mainClass}>
            <h1 className="text-2xl font-semibold">VM on Golem</h1>
            <ErrorDisplay error={result.error} title="the dapp is not configured" />
          </main>
        )}
      </body>
    </html>
  );
}
