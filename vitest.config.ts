import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One root config; each part is a project so `vitest run --project sdk` runs one part.
// Projects that boot real QEMU VMs run one after another (sequence.groupOrder 1 to 4), after
// the fast projects (group 0), so no two TCG guests share the 2 cores of a CI machine.
export default defineConfig({
  test: {
    // Compiles the contracts when they changed, once, before any project runs.
    globalSetup: ["./test/build-contracts-setup.ts"],
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
        // The repo's scripts (demo, chain, daemon helpers for benches and end-to-end tests).
        test: {
          name: "scripts",
          include: ["scripts/**/*.test.ts"],
          exclude: ["scripts/**/*.e2e.test.ts", "scripts/**/*.packaging.test.ts"],
          testTimeout: 60_000,
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
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: "requestor",
          include: ["requestor/src/**/*.test.ts", "requestor/test/**/*.test.ts"],
          exclude: ["requestor/test/**/*.e2e.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The CLI against a real provider daemon with real QEMU VMs and OpenSSH.
        test: {
          name: "requestor-e2e",
          include: ["requestor/test/**/*.e2e.test.ts"],
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          testTimeout: 1_200_000,
          hookTimeout: 1_200_000,
        },
      },
      {
        // The dapp: component tests, and Playwright + Debian chromium against `next start` and a
        // real local chain (the first run builds the app: minutes on 2 cores).
        test: {
          name: "web",
          include: ["web/test/**/*.test.ts", "web/test/**/*.test.tsx"],
          sequence: { groupOrder: 3 },
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
      {
        // npm pack the three packages, install the tarballs into an empty folder (dependencies
        // from the registry, npm's cache first), run the CLIs and compile a strict consumer.
        // Alone in its group: prepack swaps the workspace package.json files for a few seconds.
        test: {
          name: "packaging",
          include: ["scripts/**/*.packaging.test.ts"],
          sequence: { groupOrder: 5 },
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        // `./dev demo --once` end to end (a real VM): last, alone.
        test: {
          name: "demo",
          include: ["scripts/**/*.e2e.test.ts"],
          sequence: { groupOrder: 4 },
          fileParallelism: false,
          testTimeout: 1_200_000,
        },
      },
    ],
  },
});
