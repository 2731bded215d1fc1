/**
 * Builds one workspace package for publishing: `tsc -p tsconfig.build.json` emits `dist/`
 * (ESM JavaScript, and `.d.ts` for libraries) from `src/`, type-checking left to `./dev
 * typecheck`. Node and `tsc` then read `dist/` like any installed package's: relative imports
 * end in `.js` in the JavaScript (`rewriteRelativeImportExtensions`) and in the declarations.
 *
 * @example
 * await buildPackage("sdk", { declarations: true, publicDeploymentsFrom: "deployments" });
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { localChainId } from "@vm-on-golem/sdk/deployments/node";

/** Options of {@link buildPackage}. */
export type BuildPackageOptions = {
  /** Emit `.d.ts` beside the JavaScript (a library's consumers type-check against them). */
  declarations: boolean;
  /** Copy this folder's public `<chainId>.json` (not the local chain's) to `<dir>/deployments/`. */
  publicDeploymentsFrom?: string | undefined;
};

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Builds `<dir>/dist/` (removed first) and, when asked, `<dir>/deployments/`. */
export async function buildPackage(dir: string, options: BuildPackageOptions): Promise<void> {
  const dist = join(dir, "dist");
  await rm(dist, { recursive: true, force: true });
  await run(process.execPath, [
    tsc,
    "-p",
    join(dir, "tsconfig.build.json"),
    // Emit only: `./dev typecheck` checks the same sources in the whole workspace.
    "--noCheck",
    ...(options.declarations ? ["--declaration"] : []),
  ]);
  if (options.declarations) await rewriteDeclarationImports(dist);
  if (options.publicDeploymentsFrom) {
    await copyPublicDeployments(
      resolve(dir, options.publicDeploymentsFrom),
      join(dir, "deployments"),
    );
  }
}

/** `tsc` keeps `./x.ts` in declarations; `./x.js` is what every TypeScript version resolves. */
async function rewriteDeclarationImports(dist: string): Promise<void> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    const rewritten = text.replace(/(["'])(\.{1,2}\/[^"']+)\.ts\1/g, "$1$2.js$1");
    if (rewritten !== text) await writeFile(file, rewritten);
  }
}

/** The deployments a user of the package may rent on: every `<chainId>.json` but the local chain's. */
async function copyPublicDeployments(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  const files = (await readdir(from)).filter(
    (name) => /^\d+\.json$/.test(name) && name !== `${localChainId}.json`,
  );
  if (files.length === 0) return;
  await mkdir(to, { recursive: true });
  for (const name of files) await copyFile(join(from, name), join(to, name));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${args.slice(0, 3).join(" ")} exited ${code}:\n${output}`)),
    );
  });
}
