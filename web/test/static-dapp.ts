/**
 * The dapp as it ships: the static site `./dev web:build` writes to `web/out/`, built when older
 * than its sources, served by a plain static file server with a `config.json` made from a test's
 * GOLEM_* settings. One build serves the browser tests and the licence gate.
 */
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { webConfigFromEnv } from "../scripts/web-config-from-env.ts";
import { type SelfSignedCert, startStaticServer } from "./static-server.ts";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const wrapper = path.join(webDir, "scripts", "next.ts");

/** The built static site. */
export const siteDir = path.join(webDir, "out");

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const names = await readdir(entry);
  const times = await Promise.all(names.map((name) => newestMtime(path.join(entry, name))));
  return Math.max(info.mtimeMs, ...times);
}

/**
 * Runs `./dev web:build --analyze` unless `out/index.html` is newer than every source file (and
 * the lockfile) and the build's module analysis, which `./dev licences` reads, is there.
 * Returns ms spent (0 when the build was fresh).
 */
export async function buildIfStale(log: (line: string) => void): Promise<number> {
  const built = await newestMtime(path.join(siteDir, "index.html"));
  const analysed = await newestMtime(
    path.join(webDir, ".next", "diagnostics", "analyze", "history", "history.json"),
  );
  const sources = Math.max(
    ...(await Promise.all(
      [
        "app",
        "src",
        "next.config.ts",
        "package.json",
        "postcss.config.mjs",
        "../sdk/src",
        "../package-lock.json",
      ].map((p) => newestMtime(path.join(webDir, p))),
    )),
  );
  if (built > sources && analysed >= built - 60_000) return 0;
  const started = Date.now();
  const child = spawn(process.execPath, [wrapper, "build", "--analyze"], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (b: Buffer) => {
      for (const line of b.toString().split("\n")) if (line.trim()) log(line);
    });
  }
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`./dev web:build exited with ${code}`);
  return Date.now() - started;
}

/** The static site being served. */
export type DappSite = { url: string; requests: string[]; stop: () => Promise<void> };

/**
 * Serves the built site on 127.0.0.1 (`port` 0: a free one) with the `config.json` that
 * `./dev web:build` writes from `env` (GOLEM_CHAIN_ID, GOLEM_RPC_URL, GOLEM_DEPLOYMENTS_DIR, …);
 * over https when given a certificate.
 */
export async function serveDapp(
  port: number,
  env: Record<string, string>,
  options: { tls?: SelfSignedCert } = {},
): Promise<DappSite> {
  const config = await webConfigFromEnv(env);
  return startStaticServer({
    root: siteDir,
    port,
    tls: options.tls,
    files: { "/config.json": JSON.stringify(config) },
  });
}
