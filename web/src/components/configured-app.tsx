"use client";

import { type ReactNode, useEffect, useState } from "react";
import { loadWebConfig } from "../lib/load-web-config.ts";
import type { WebConfigResult } from "../lib/web-config.ts";
import { BalancesStrip } from "./balances-strip";
import { ErrorDisplay } from "./error-display";
import { Header } from "./header";
import { NetworkGuard } from "./network-guard";
import { Providers } from "./providers";
import { Toaster } from "./ui/toaster.tsx";

const mainClass = "mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8";

/** Where the site's `config.json` is: next to its index.html (under the build's base path). */
export const configUrl = `${process.env.NEXT_PUBLIC_BASE_PATH ?? ""}/config.json`;

/**
 * The app once the site's `config.json` is fetched and valid; until then a loading line, and
 * when it is missing or invalid the error (code, message, hints) instead of the app.
 */
export function ConfiguredApp({ children }: { children: ReactNode }) {
  const [result, setResult] = useState<WebConfigResult | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadWebConfig(configUrl).then((loaded) => {
      if (live) setResult(loaded);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!result) {
    return (
      <main className={mainClass}>
        <p className="text-muted-foreground" data-testid="config-loading">
          Loading the dapp's settings…
        </p>
      </main>
    );
  }
  if (!result.ok) {
    return (
      <main className={mainClass} data-testid="config-error">
        <h1 className="mb-4 text-2xl font-semibold">VM on Golem</h1>
        <ErrorDisplay error={result.error} title="the dapp is not configured" />
      </main>
    );
  }
  return (
    <Providers config={result.config}>
      <Header />
      <NetworkGuard />
      <BalancesStrip />
      <main className={mainClass}>{children}</main>
      <Toaster />
    </Providers>
  );
}
