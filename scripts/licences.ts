/**
 * `./dev licences [--write-notice]`: the licence gate. Lists the licence of everything this
 * project ships (the production dependency trees of @vm-on-golem/sdk, @vm-on-golem/provider and
 * @vm-on-golem/requestor, and every package with code in the dapp's client bundle, read from
 * the analysis of its `next build --analyze`), and fails on copyleft beyond a library (GPL,
 * AGPL, …), proprietary or unreadable licences, and on a NOTICE that does not list the
 * attribution-licensed parts. The dapp is built first when its build is stale (minutes; the
 * browser tests reuse that build). `--write-notice` rewrites NOTICE from what is shipped.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildIfStale } from "../web/test/static-dapp.ts";
import { clientBundlePackages } from "./lib/client-bundle-packages.ts";
import { classifyLicence, type LicenceVerdict, needsApacheNotice } from "./lib/licence-policy.ts";
import {
  type PackageLicence,
  readNoticeFile,
  readPackageLicence,
} from "./lib/read-package-licence.ts";
import { type NoticeEntry, renderNotice } from "./lib/render-notice.ts";
import { printScriptError } from "./lib/script-error.ts";
import { workspaceProductionPackages } from "./lib/workspace-production-packages.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const noticeFile = join(root, "NOTICE");
const workspaces = {
  sdk: "@vm-on-golem/sdk",
  provider: "@vm-on-golem/provider",
  requestor: "@vm-on-golem/requestor",
} as const;

type Shipped = PackageLicence & { verdict: LicenceVerdict; shippedIn: string[] };

/** Every shipped package folder, with where it is shipped. */
async function shippedFolders(): Promise<Map<string, string[]>> {
  const where = new Map<string, string[]>();
  const add = (label: string, dirs: string[]) => {
    for (const dir of dirs) where.set(dir, [...(where.get(dir) ?? []), label]);
  };
  const trees = await Promise.all(
    Object.values(workspaces).map((workspace) => workspaceProductionPackages(workspace, root)),
  );
  for (const [i, label] of Object.keys(workspaces).entries()) add(label, trees[i] ?? []);
  const started = Date.now();
  const buildMs = await buildIfStale((line) => console.log(`  next build: ${line}`));
  if (buildMs > 0) console.log(`built the dapp in ${(buildMs / 1000).toFixed(0)} s`);
  add("dapp", await clientBundlePackages(root));
  if (buildMs === 0) console.log(`read the dapp's build analysis in ${Date.now() - started} ms`);
  return where;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "write-notice": { type: "boolean", default: false } },
  });
  const started = Date.now();
  const shipped: Shipped[] = await Promise.all(
    [...(await shippedFolders())].map(async ([dir, shippedIn]) => {
      const pkg = await readPackageLicence(dir);
      return { ...pkg, verdict: classifyLicence(pkg.licence), shippedIn };
    }),
  );
  shipped.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));

  // The same name and version installed twice (nested copies) is one package to a reader.
  const byLicence = new Map<string, Set<string>>();
  for (const p of shipped) {
    const names = byLicence.get(p.verdict.licence) ?? new Set<string>();
    names.add(`${p.name}@${p.version}`);
    byLicence.set(p.verdict.licence, names);
  }
  const distinct = new Set(shipped.map((p) => `${p.name}@${p.version}`)).size;
  console.log(
    `\nlicences of what is shipped (${Object.keys(workspaces).join(", ")}, dapp): ${distinct} packages`,
  );
  for (const [licence, names] of [...byLicence].sort((a, b) => b[1].size - a[1].size)) {
    console.log(`  ${licence} (${names.size}): ${[...names].join(", ")}`);
  }

  const notice: NoticeEntry[] = [];
  const seen = new Set<string>();
  for (const p of shipped) {
    const id = `${p.name}@${p.version}`;
    const apacheNotice =
      p.verdict.kind === "permissive" && needsApacheNotice(p.verdict.licence)
        ? await readNoticeFile(p.dir)
        : undefined;
    if ((p.verdict.kind === "attribution" || apacheNotice) && !seen.has(id)) {
      seen.add(id);
      notice.push({ ...p, spdx: p.verdict.licence, notice: apacheNotice });
    }
  }
  const problems = shipped.filter(
    (p) => p.verdict.kind === "forbidden" || p.verdict.kind === "unknown",
  );
  for (const p of problems) {
    console.log(
      `  ${p.verdict.kind.toUpperCase()}: ${p.name}@${p.version} (${p.verdict.licence}) in ${p.shippedIn.join(", ")}: ${p.verdict.reason}; at ${relative(root, p.dir)}`,
    );
  }

  const expected = await renderNotice(notice);
  if (values["write-notice"]) await writeFile(noticeFile, expected);
  const onDisk = await readFile(noticeFile, "utf8").catch(() => "");
  const noticeOk = onDisk === expected;
  console.log(
    `\nNOTICE lists ${notice.length} package(s) under attribution licences: ${notice.map((n) => `${n.name}@${n.version} (${n.spdx})`).join(", ") || "none"}`,
  );
  if (!noticeOk) {
    console.log(
      "  NOTICE is not what is shipped now\n  hint: run ./dev licences --write-notice and commit NOTICE",
    );
  }
  if (problems.length > 0) {
    console.log(
      `  hint: replace or alias away what is ${problems.length === 1 ? "named" : "listed"} above (web/next.config.ts aliases modules out of the dapp's bundle), or drop the dependency`,
    );
  }
  const ok = problems.length === 0 && noticeOk;
  console.log(
    `licence gate: ${ok ? "ok" : "FAILED"}: ${distinct} packages, ${problems.length} forbidden or unknown, NOTICE ${noticeOk ? "up to date" : "stale"} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  printScriptError(error, { usage: "./dev licences [--write-notice]" });
  process.exitCode = 1;
});
