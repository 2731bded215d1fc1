// Entry point of `golem` (bin/golem.js imports this file). The only place that reads
// process.env and argv and resolves the configuration. Heavy modules (viem, libp2p, zod)
// load only inside command actions, so `golem --help` starts fast.
import { createRequire } from "node:module";
import { sanitizeTerminalText } from "@vm-on-golem/sdk/text";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import type { CliContext, GlobalOptions } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };
const argv = process.argv.slice(2);
const wantsJson = argv.includes("--json");
const verbose = argv.includes("--verbose") || process.env.GOLEM_REQUESTOR_VERBOSE === "1";

let globals: GlobalOptions = {};
let resolved: Promise<RequestorConfig> | undefined;
const ctx: CliContext = {
  version,
  env: process.env,
  // The print edge: whatever a provider or peer put in an answer (error texts, VM fields,
  // advert fields) reaches the terminal without escape or control sequences.
  out: (text) => process.stdout.write(`${sanitizeTerminalText(text)}\n`),
  err: (text) => process.stderr.write(`${sanitizeTerminalText(text)}\n`),
  interactive: Boolean(process.stdout.isTTY) && !wantsJson,
  config() {
    resolved ??= import("../config/load-requestor-config.ts").then(({ loadRequestorConfig }) =>
      loadRequestorConfig({
        env: process.env,
        flags: {
          home: globals.home,
          keystore: globals.keystore,
          rpcUrl: globals.rpcUrl,
          network: globals.network,
          chainId: globals.chainId === undefined ? undefined : Number(globals.chainId),
        },
      }),
    );
    return resolved;
  },
};

const program = createProgram(
  ctx,
  (options) => {
    globals = options;
  },
  { json: wantsJson },
);
try {
  await program.exitOverride().parseAsync(argv, { from: "user" });
} catch (error) {
  const { CommanderError } = await import("commander");
  if (error instanceof CommanderError) {
    if (wantsJson && error.exitCode !== 0) {
      const { usageError } = await import("./usage-error.ts");
      ctx.out(JSON.stringify(usageError(error).toJSON(), null, 2));
    }
    process.exit(error.exitCode);
  }
  const { printError } = await import("./print-error.ts");
  printError(ctx, error, { json: wantsJson, verbose });
  process.exit(1);
}
