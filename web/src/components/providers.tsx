"use client";

import { darkTheme, lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Deployment } from "@vm-on-golem/sdk/deployments";
import { createContext, type ReactNode, useContext, useState } from "react";
import type { Chain } from "viem";
import { WagmiProvider } from "wagmi";
import { createWagmiConfig } from "../lib/create-wagmi-config";
import type { WebConfig } from "../lib/web-config";

/** What every page reads: settings, chain, deployment. */
export type AppContextValue = { config: WebConfig; chain: Chain; deployment: Deployment };
/** Exported for component tests; pages use {@link useApp}. */
export const AppContext = createContext<AppContextValue | undefined>(undefined);

/** The deployment, chain and settings the page runs against. */
export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp() outside <Providers>");
  return value;
}

// RainbowKit's modal follows the system's light or dark mode, as the page does.
const walletTheme = { lightMode: lightTheme(), darkMode: darkTheme() };

export function Providers({ config, children }: { config: WebConfig; children: ReactNode }) {
  const [state] = useState(() => {
    const { wagmiConfig, chain, deployment } = createWagmiConfig(config);
    return { wagmiConfig, app: { config, chain, deployment }, queryClient: new QueryClient() };
  });
  return (
    <WagmiProvider config={state.wagmiConfig}>
      <QueryClientProvider client={state.queryClient}>
        <RainbowKitProvider initialChain={state.app.chain} theme={walletTheme}>
          <AppContext.Provider value={state.app}>{children}</AppContext.Provider>
        </RainbowKitProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
