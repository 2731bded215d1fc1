/**
 * A package's name, version and declared licence from its `package.json`, the way npm reads
 * them: the `license` SPDX expression, or the older `license: {type}` / `licenses: [{type}]`.
 *
 * @example await readPackageLicence("node_modules/viem"); // { name: "viem", version: "2.57.20", licence: "MIT", … }
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** One installed package as the licence gate sees it. */
export type PackageLicence = {
  name: string;
  version: string;
  /** Absolute folder of the installed package. */
  dir: string;
  /** The declared SPDX expression; undefined when the package declares none. */
  licence: string | undefined;
  /** The repository or homepage URL, for NOTICE. */
  source: string | undefined;
};

type Manifest = {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  repository?: string | { url?: string };
  homepage?: string;
};

function declaredLicence(manifest: Manifest): string | undefined {
  const { license, licenses } = manifest;
  if (typeof license === "string") return license;
  if (license?.type) return license.type;
  const types = (licenses ?? []).map((l) => l.type).filter((t): t is string => Boolean(t));
  return types.length > 0 ? types.join(" OR ") : undefined;
}

function sourceOf(manifest: Manifest): string | undefined {
  const repo =
    typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  return (repo ?? manifest.homepage)?.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** Reads `<dir>/package.json`. */
export async function readPackageLicence(dir: string): Promise<PackageLicence> {
  const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
  return {
    name: manifest.name ?? dir,
    version: manifest.version ?? "0.0.0",
    dir,
    licence: declaredLicence(manifest),
    source: sourceOf(manifest),
  };
}

/** The text of the package's NOTICE file (Apache-2.0 section 4(d)), if it ships one. */
export async function readNoticeFile(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const notice = names.find((n) => /^notice(\.(md|txt))?$/i.test(n));
  return notice ? (await readFile(join(dir, notice), "utf8")).trim() : undefined;
}
