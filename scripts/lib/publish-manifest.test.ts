import { describe, expect, it } from "vitest";
import { publishManifest } from "./publish-manifest.ts";

describe("publishManifest", () => {
  const workspace = {
    name: "@vm-on-golem/sdk",
    version: "0.1.0",
    scripts: { prepack: "node ../scripts/prepack.ts" },
    dependencies: { viem: "^2.0.0" },
    exports: {
      "./errors": "./src/entries/errors.ts",
      "./package.json": "./package.json",
      "./test-support/*": "./test-support/*.ts",
      "./advert/test-adverts": "./test-support/test-adverts.ts",
      "./*": "./src/*.ts",
    },
  };

  it("points sources at dist with their declarations, and drops test support and scripts", () => {
    expect(publishManifest(workspace, { declarations: true })).toEqual({
      name: "@vm-on-golem/sdk",
      version: "0.1.0",
      dependencies: { viem: "^2.0.0" },
      exports: {
        "./errors": { types: "./dist/entries/errors.d.ts", default: "./dist/entries/errors.js" },
        "./package.json": "./package.json",
        "./*": { types: "./dist/*.d.ts", default: "./dist/*.js" },
      },
    });
  });

  it("points a CLI package's exports at JavaScript only", () => {
    const cli = { name: "cli", exports: { "./main": "./src/cli/main.ts" } };
    expect(publishManifest(cli, { declarations: false }).exports).toEqual({
      "./main": "./dist/cli/main.js",
    });
  });

  it("refuses an export it cannot map instead of shipping it unbuilt", () => {
    const conditional = { name: "x", exports: { ".": { import: "./src/index.ts" } } };
    expect(() => publishManifest(conditional, { declarations: true })).toThrow(/not a path/);
  });

  it("leaves the workspace manifest unchanged", () => {
    const before = structuredClone(workspace);
    publishManifest(workspace, { declarations: true });
    expect(workspace).toEqual(before);
  });
});
