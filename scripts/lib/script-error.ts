/**
 * What a dev script (`./dev demo`, `./dev chain`, `./dev deploy`) prints when it fails: the
 * CLI's `error[CODE]: message` and its hints, never a stack trace.
 *
 * @example
 * main().catch((error) => { printScriptError(error, { usage }); process.exitCode = 1; });
 */
import { formatGolemError, GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";

/** Options of {@link toScriptError}. */
export type ScriptErrorOptions = {
  /** The script's usage line, the hint for a bad option. */
  usage?: string;
};

/** The parts of Hardhat's `HardhatError` read here (matched by shape: no import of its package). */
type HardhatErrorShape = Error & {
  number: number;
  messageArguments: Record<string, unknown>;
};

function isHardhatError(error: unknown): error is HardhatErrorShape {
  return (
    error instanceof Error &&
    error.name === "HardhatError" &&
    typeof Reflect.get(error, "number") === "number"
  );
}

/** Hardhat's error numbers this module names (hardhat-errors' descriptors). */
const HARDHAT_ENV_VAR_NOT_FOUND = 7;
const HARDHAT_CONNECTION_REFUSED = 703;
const HARDHAT_NETWORK_NOT_FOUND = 705;

function fromHardhatError(error: HardhatErrorShape): GolemError {
  const args = error.messageArguments ?? {};
  // "HHE7: Configuration Variable "X" not found.\n\nYou can define it..." → the first line, no prefix.
  const fact = (error.message.split("\n")[0] ?? "").replace(/^HHE\d+:\s*/, "");
  if (error.number === HARDHAT_ENV_VAR_NOT_FOUND) {
    const name = String(args.name);
    return new GolemError("CONFIG_INVALID", `the configuration variable ${name} is not set`, {
      hints: [`export ${name}=… , or store it: npx hardhat keystore set ${name}`],
      details: { variable: name },
      cause: error,
    });
  }
  if (error.number === HARDHAT_CONNECTION_REFUSED) {
    return new GolemError(
      "CHAIN_UNREACHABLE",
      `no node answers for the network "${String(args.network)}"`,
      {
        hints: [
          "start one with `./dev chain` (or pass --rpc-url URL of a node that runs)",
          "for a public network, check its RPC URL and your connection",
        ],
        cause: error,
      },
    );
  }
  if (error.number === HARDHAT_NETWORK_NOT_FOUND) {
    return new GolemError("VALIDATION_FAILED", fact, {
      hints: ["use a network named in hardhat.config.ts (localhost, sepolia, amoy, …)"],
      cause: error,
    });
  }
  return new GolemError("HARDHAT_FAILED", fact, {
    details: { hardhatError: `HHE${error.number}` },
    cause: error,
  });
}

/**
 * Any failure of a dev script as a `GolemError`: a bad option as `VALIDATION_FAILED` with the
 * usage, Hardhat's errors by number, viem's (an RPC that does not answer, a revert) through
 * the sdk's mapping; anything else as `INTERNAL`.
 */
export function toScriptError(error: unknown, options: ScriptErrorOptions = {}): GolemError {
  const code = error instanceof Error ? Reflect.get(error, "code") : undefined;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
    return new GolemError("VALIDATION_FAILED", (error as Error).message, {
      hints: options.usage ? [`usage: ${options.usage}`] : undefined,
      details: { reason: code },
      cause: error,
    });
  }
  if (isHardhatError(error)) return fromHardhatError(error);
  return golemErrorFromContractError(error);
}

/** Prints {@link toScriptError}'s text on stderr; a bug (`INTERNAL`) also gets its causes. */
export function printScriptError(error: unknown, options: ScriptErrorOptions = {}): void {
  const golem = toScriptError(error, options);
  console.error(formatGolemError(golem, { verbose: golem.code === "INTERNAL" }));
}
