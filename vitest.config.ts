import { defineConfig } from "vitest/config";

// One root config; each package is a project so `vitest run --project sdk` runs one part.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "sdk", include: ["sdk/src/**/*.test.ts"] } },
      {
        test: {
          name: "contracts",
          include: ["test/contracts/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
