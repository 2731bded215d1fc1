/**
 * `npm run dev|build|start -w web -- [--port N] [--hostname H]`: Next.js with telemetry off,
 * bound to 127.0.0.1:3000 unless told otherwise (`./dev web --port 3001`).
 * `build --analyze` also saves Turbopack's module analysis (`./dev licences` reads it).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const [command = "dev", ...rest] = process.argv.slice(2);
if (!["dev", "build", "start"].includes(command)) {
  console.error(`error: unknown command "${command}"\n  hint: use dev, build or start`);
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
const args =
  command === "build"
    ? [nextBin, "build", ...(values.analyze ? ["--analyze"] : [])]
    : [nextBin, command, "--port", String(values.port), "--hostname", String(values.hostname)];
const child = spawn(process.execPath, args, {
  cwd: webDir,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
