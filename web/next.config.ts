import type { NextConfig } from "next";

const empty = "./src/lib/empty-module.ts";

const nextConfig: NextConfig = {
  // In the workspace the sdk's exports point at its TypeScript sources (with `.ts` imports).
  transpilePackages: ["@vm-on-golem/sdk"],
  poweredByHeader: false,
  // No dev badge over the screenshots.
  devIndicators: false,
  // `npm run typecheck` checks web/ (tsc -p web/tsconfig.json); the build skips that minute.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    // wagmi's Base Account connector loads @base-org/account on use (never here); its tree pulls
    // Coinbase's server SDK with optional peers that are not installed.
    resolveAlias: { "@base-org/account": empty },
  },
};

export default nextConfig;
