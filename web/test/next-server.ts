/**
 * Builds the dapp when its build is older than its sources (or has no module analysis), and
 * serves it with `next start`. One build serves the browser tests and the licence gate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const wrapper = path.join(webDir, "scripts", "next.ts");

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const names = await readdir(entry);
  const times = await Promise.all(names.map((name) => newestMtime(path.join(entry, name))));
  return Math.max(info.mtimeMs, ...times);
}

function run(
  args: string[],
  env: Record<string, string>,
  log: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, [wrapper, ...args], {
    cwd: webDir,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (b: Buffer) => {
      for (const line of b.toString().split("\n")) if (line.trim()) log(line);
    });
  }
  return child;
}

/**
 * Runs `next build --analyze` unless `.next/BUILD_ID` is newer than every source file (and the
 * lockfile) and the build's module analysis, which `./dev licences` reads, is there. Returns ms spent.
 */
export async function buildIfStale(log: (line: string) => void): Promise<number> {
  const built = await newestMtime(path.join(webDir, ".next", "BUILD_ID"));
  const analysed = await newestMtime(
    path.join(webDir, ".next", "diagnostics", "analyze", "history", "history.json"),
  );
  const sources = Math.max(
    ...(await Promise.all(
      ["app", "src", "next.config.ts", "package.json", "../sdk/src", "../package-lock.json"].map(
        (p) => newestMtime(path.join(webDir, p)),
      ),
    )),
  );
  if (built > sources && analysed >= built) return 0;
  const started = Date.now();
  const child = run(["build", "--analyze"], {}, log);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`next build exited with ${code}`);
  return Date.now() - started;
}

export type NextServer = { url: string; stop: () => Promise<void> };

/** `next start` on `port` with `env`, resolved once it answers. */
export async function startNext(
  port: number,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<NextServer> {
  const url = `http://127.0.0.1:${port}`;
  const child = run(["start", "--port", String(port)], env, log);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error("next start exited before it answered");
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status > 0)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`next start did not answer on ${url} in 60 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    stop: async () => {
      if (exited) return;
      const done = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await done;
    },
  };
}
