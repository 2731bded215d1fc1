import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One root config; each part is a project so `vitest run --project sdk` runs one part.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "sdk",
          include: ["sdk/src/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "contracts",
          include: ["test/contracts/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The subgraph's AssemblyScript arithmetic under Node: graph-ts's BigInt is swapped for a bigint shim.
        resolve: {
          alias: {
            "@graphprotocol/graph-ts": fileURLToPath(
              new URL("./subgraph/test/graph-ts-big-int.ts", import.meta.url),
            ),
          },
        },
        test: {
          name: "subgraph",
          include: ["subgraph/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "provider",
          include: ["provider-node/src/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // Real QEMU VMs: one file at a time on 2 cores, generous limits (TCG boots take ~1 min).
        test: {
          name: "vm",
          include: ["provider-node/test/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: "requestor",
          include: ["requestor/src/**/*.test.ts", "requestor/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The dapp: component tests, and Playwright + Debian chromium against `next start` and a
        // real local chain (the first run builds the app: minutes on 2 cores).
        test: {
          name: "web",
          include: ["web/test/**/*.test.ts", "web/test/**/*.test.tsx"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
