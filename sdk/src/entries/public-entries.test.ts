import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sdk = fileURLToPath(new URL("../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as {
  exports: Record<string, string>;
};
// The public subpaths: every export that points into src/entries/ (the rest is the
// workspace-only test support, package.json and, until the codemod, the deep wildcard).
const entries = Object.entries(manifest.exports).filter(([, target]) =>
  target.startsWith("./src/entries/"),
);

/** Runtime imports of one file: `import type` / `export type` are erased, the rest loads. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  for (const m of text.matchAll(
    /(?:^|[\n;])\s*(import|export)(\s+type)?\b[^;"]*?from\s*"([^"]+)"/g,
  )) {
    if (!m[2]) specifiers.push(m[3] as string);
  }
  for (const m of text.matchAll(/(?:^|[\n;])\s*import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)) {
    specifiers.push((m[1] ?? m[2]) as string);
  }
  return specifiers;
}

/** Every sdk file an entry loads and every package it imports, following relative imports. */
function graphOf(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(sdk, entry));
  return { files: [...files].map((f) => relative(sdk, f)), packages: [...packages] };
}

const libp2p = /^(libp2p|@libp2p\/|@chainsafe\/|@multiformats\/multiaddr-matcher)/;
const nodeOnly = new Set(["./deployments/node", "./discovery/node"]);
const libp2pAllowed = new Set(["./discovery", "./discovery/node", "./provider-client/libp2p"]);

describe("the sdk's public subpaths", () => {
  it("name every entry module, and every entry module is named", () => {
    const named = entries.map(([, target]) => target.replace("./src/entries/", "")).sort();
    const onDisk = readdirSync(join(sdk, "src/entries"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .sort();
    expect(named).toEqual(onDisk);
    expect(entries.map(([subpath]) => subpath)).toEqual(
      expect.arrayContaining(["./contract", "./stream", "./errors", "./discovery", "./rent"]),
    );
  });

  for (const [subpath, target] of entries) {
    it(`${subpath} loads no test support, and ${nodeOnly.has(subpath) ? "is Node-only" : "no node: module"}${libp2pAllowed.has(subpath) ? "" : " and no libp2p"}`, () => {
      const { files, packages } = graphOf(target);
      expect(files.filter((f) => !f.startsWith("src/") || /test/.test(f))).toEqual([]);
      expect(packages.filter((p) => /^(hardhat|vitest|@nomicfoundation\/)/.test(p))).toEqual([]);
      if (!nodeOnly.has(subpath)) {
        expect(packages.filter((p) => p.startsWith("node:") || p === "@libp2p/tcp")).toEqual([]);
      }
      if (!libp2pAllowed.has(subpath)) {
        expect(packages.filter((p) => libp2p.test(p))).toEqual([]);
      }
    });
  }

  it("resolve and export what they name", async () => {
    for (const [subpath] of entries) {
      const module = (await import(`@vm-on-golem/sdk/${subpath.slice(2)}`)) as object;
      expect(Object.keys(module).length, subpath).toBeGreaterThan(0);
    }
  });
});
