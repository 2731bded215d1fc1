// Entry point of `golem-provider` (bin/golem-provider.js imports this file). The only place
// that reads process.env, argv and the package version.
import { fileURLToPath } from "node:url";
import { formatGolemError, GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { CommanderError } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { processContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

const script = fileURLToPath(new URL("../../bin/golem-provider.js", import.meta.url));
const ctx = processContext(packageJson.version, script);
const verbose = ctx.argv.includes("--verbose") || ctx.env.GOLEM_PROVIDER_VERBOSE === "1";

try {
  await createProgram(ctx).parseAsync(
    ctx.argv.filter((arg) => arg !== "--verbose"),
    { from: "user" },
  );
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const golem = isGolemError(error)
    ? error
    : new GolemError("INTERNAL", error instanceof Error ? error.message : String(error), {
        cause: error,
      });
  ctx.err(formatGolemError(golem, { verbose }));
  if (!isGolemError(error) && verbose && error instanceof Error) ctx.err(error.stack ?? "");
  process.exit(1);
}
