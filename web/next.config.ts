import type { NextConfig } from "next";

const empty = "./src/lib/empty-module.ts";

// A site served under a path (`https://host/golem/`): set at build time, e.g. GOLEM_WEB_BASE_PATH=/golem.
const basePath = (process.env.GOLEM_WEB_BASE_PATH ?? "").replace(/\/+$/, "");

const nextConfig: NextConfig = {
  // `next build` writes a static site to out/: no server at run time; the chain, deployment and
  // peers come from the config.json next to it (src/lib/load-web-config.ts).
  output: "export",
  // /providers/index.html rather than /providers.html: every static host and IPFS gateway serves it.
  trailingSlash: true,
  basePath,
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  // In the workspace the sdk's exports point at its TypeScript sources (with `.ts` imports).
  transpilePackages: ["@vm-on-golem/sdk"],
  // Server-side rendering never runs libp2p (the page loads it in an effect), but resolving it
  // there reaches WebRTC's Node addon (node-datachannel), which cannot be bundled: load it from
  // node_modules instead. The browser bundle takes the package's browser build.
  serverExternalPackages: ["@libp2p/webrtc"],
  poweredByHeader: false,
  // No dev badge over the screenshots.
  devIndicators: false,
  // `npm run typecheck` checks web/ (tsc -p web/tsconfig.json); the build skips that minute.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    // Modules the dapp must not ship; `./dev licences` checks the built bundle for what it does ship.
    resolveAlias: {
      // wagmi's Base Account connector loads @base-org/account on use (never here); its tree pulls
      // Coinbase's server SDK with optional peers that are not installed.
      "@base-org/account": empty,
      // RainbowKit's platform check: version 2 is AGPL-3.0; the MIT version 1 behind an adapter.
      "ua-parser-js": "./src/lib/ua-parser.ts",
      // wagmi's MetaMask connector (not in the dapp's wallet list): all rights reserved.
      "@metamask/sdk": "./src/lib/metamask-sdk-not-shipped.ts",
    },
  },
};

export default nextConfig;
