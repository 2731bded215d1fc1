/**
 * The package folders whose code is in the dapp's client bundle: every module Turbopack put in a
 * file under `_next/static/` (what browsers download, lazy chunks included), read from the
 * analysis `next build --analyze` saves, through `next analyze export` (JSON Lines).
 *
 * @example await clientBundlePackages(repoRoot); // ["/repo/node_modules/viem", "/repo/web", …]
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

type AnalyzeRecord =
  | { type: "output"; filename: string; modules: string[] }
  | { type: "part"; filename: string; source_path: string }
  | { type: string };

/** The folder of the package a bundled module path belongs to; undefined for runtime glue. */
function packageDirOf(modulePath: string, root: string): string | undefined {
  // "[project]/node_modules/viem/_esm/index.js [app-client] (ecmascript)" → the path before the first space or "?".
  const path = modulePath.split(/[ ?]/, 1)[0] ?? "";
  // Turbopack's own browser runtime comes with Next.js.
  if (path.startsWith("[turbopack]/")) return join(root, "node_modules", "next");
  if (!path.startsWith("[project]/")) return undefined;
  const relative = path.slice("[project]/".length);
  const at = relative.lastIndexOf("node_modules/");
  if (at === -1) {
    // The repo's own code: its workspace (web/, sdk/).
    const workspace = relative.split("/", 1)[0] ?? "";
    return existsSync(join(root, workspace, "package.json")) ? join(root, workspace) : undefined;
  }
  const [first = "", second = ""] = relative.slice(at + "node_modules/".length).split("/");
  const name = first.startsWith("@") ? `${first}/${second}` : first;
  return join(root, relative.slice(0, at), "node_modules", name);
}

/** Package folders in the latest analysed build of `<root>/web` (run `next build --analyze` first). */
export async function clientBundlePackages(root: string): Promise<string[]> {
  const webDir = join(root, "web");
  const nextBin = createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");
  const jsonl = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [nextBin, "analyze", "export"],
      { cwd: webDir, maxBuffer: 512 << 20, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`next analyze export failed: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
  const dirs = new Set<string>();
  const add = (modulePath: string) => {
    const dir = packageDirOf(modulePath, root);
    if (dir) dirs.add(dir);
  };
  let clientFiles = 0;
  for (const line of jsonl.split("\n")) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as AnalyzeRecord;
    if (!("filename" in record) || !record.filename.startsWith("[client-fs]/")) continue;
    if (record.type === "output" && "modules" in record) {
      clientFiles++;
      for (const module of record.modules) add(module);
    } else if (record.type === "part" && "source_path" in record) {
      add(record.source_path);
    }
  }
  if (clientFiles === 0) {
    throw new Error("the build analysis lists no client files: is it of a `next build --analyze`?");
  }
  return [...dirs];
}
