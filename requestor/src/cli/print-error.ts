import { formatGolemError, GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { sanitizeTerminalText } from "@vm-on-golem/sdk/text";
import type { CliContext } from "./cli-context.ts";

/** Options of {@link printError}. */
export type PrintErrorOptions = {
  /** Print the envelope `{error: {code, message, hints}}` to stdout instead of text to stderr. */
  json: boolean;
  /** Also print details and causes (text mode). */
  verbose: boolean;
};

/**
 * The error with its message and each hint on one line without control sequences: a provider's
 * text (they often come from one) cannot forge hint lines or rewrite the terminal.
 */
function oneLineEach(error: GolemError): GolemError {
  const line = (text: string) => sanitizeTerminalText(text, { singleLine: true });
  return new GolemError(error.code, line(error.message), {
    status: error.status,
    hints: error.hints.map(line),
    details: error.details,
    cause: error.cause,
  });
}

/** Any thrown value as a `GolemError` (unknown failures become `INTERNAL`). */
export function toGolemError(error: unknown): GolemError {
  if (isGolemError(error)) return error;
  return new GolemError("INTERNAL", error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/**
 * Prints a failure the one way the CLI does, the same for local and provider-side errors:
 * `formatGolemError` text on stderr, or with `--json` the API's envelope on stdout.
 */
export function printError(ctx: CliContext, error: unknown, options: PrintErrorOptions): void {
  const golem = toGolemError(error);
  if (options.json) {
    ctx.out(JSON.stringify(golem.toJSON(), null, 2));
    return;
  }
  ctx.err(formatGolemError(oneLineEach(golem), { verbose: options.verbose }));
  if (!isGolemError(error) && options.verbose && error instanceof Error) {
    ctx.err(error.stack ?? "");
  }
}
