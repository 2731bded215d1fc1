import { GolemError } from "@vm-on-golem/sdk/errors";

/**
 * A commander usage error (unknown option, missing argument…) as `VALIDATION_FAILED`, so
 * `--json` callers get the same envelope as for every other failure.
 *
 * @example
 * usageError({ code: "commander.unknownOption", message: "error: unknown option '--cpus'" });
 */
export function usageError(error: { code: string; message: string }): GolemError {
  const message = error.message.replace(/^error: /, "");
  return new GolemError("VALIDATION_FAILED", message, {
    hints: ["see the command's usage with --help"],
    details: { reason: error.code },
  });
}
