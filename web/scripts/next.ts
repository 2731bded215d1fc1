/**
 * `npm run dev|build -w web -- [--port N] [--hostname H]`: Next.js with telemetry off.
 * - `dev`: the dev server on 127.0.0.1:3000 unless told otherwise (`./dev web --port 3001`),
 *   serving `public/config.json` written from the GOLEM_* environment (see web-config-from-env.ts).
 * - `build`: the static site in `out/` (no server at run time), with `out/config.json` written
 *   from the same environment; any static host serves `out/`, and its `config.json` may be
 *   replaced there. `build --analyze` also saves Turbopack's module analysis (`./dev licences`).
 */
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { webConfigFromEnv } from "./web-config-from-env.ts";

const [command = "dev", ...rest] = process.argv.slice(2);
if (!["dev", "build"].includes(command)) {
  console.error(
    `error: unknown command "${command}"\n  hint: use dev or build (build makes a static site in web/out/)`,
  );
  process.exit(2);
}
const { values } = parseArgs({
  args: rest,
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H", default: "127.0.0.1" },
    analyze: { type: "boolean", default: false },
  },
});
const webDir = fileURLToPath(new URL("..", import.meta.url));
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Writes `config.json` into `dir` from the environment; on a bad setting says why and removes a stale one. */
async function writeConfig(dir: string): Promise<boolean> {
  const file = path.join(dir, "config.json");
  try {
    const json = await webConfigFromEnv(process.env);
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`wrote ${path.relative(webDir, file)} (chain ${json.deployment.chainId})`);
    return true;
  } catch (err) {
    const { error } = golemErrorFromContractError(err).toJSON();
    await rm(file, { force: true });
    console.error(
      `error[${error.code}]: ${path.relative(webDir, file)} not written: ${error.message}`,
    );
    for (const hint of error.hints) console.error(`  hint: ${hint}`);
    return false;
  }
}

function next(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: webDir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
}

if (command === "build") {
  const code = await next(["build", ...(values.analyze ? ["--analyze"] : [])]);
  if (code !== 0) process.exit(code);
  if (!(await writeConfig(path.join(webDir, "out")))) {
    console.error(
      "  the site in web/out/ is built; it shows this error until a config.json is put next to its index.html",
    );
  }
} else {
  // The dev page reads the same config.json as the static site; without one it says why.
  await writeConfig(path.join(webDir, "public"));
  process.exit(
    await next(["dev", "--port", String(values.port), "--hostname", String(values.hostname)]),
  );
}
