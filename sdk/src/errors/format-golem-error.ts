import type { GolemError, JsonValue } from "./golem-error.ts";

/** Options of {@link formatGolemError}. */
export type FormatGolemErrorOptions = {
  /** Also print details and the chain of causes (the CLI's `--verbose`). */
  verbose?: boolean | undefined;
};

/**
 * The CLI text form of an error, the same for local and remote failures:
 *
 * ```text
 * error[STREAM_UNDERFUNDED]: stream 7 has 120 s of runway; the offer needs 3600 s
 *   hint: top up the stream with `golem vm stream topup`
 * ```
 */
export function formatGolemError(error: GolemError, options: FormatGolemErrorOptions = {}): string {
  const lines = [`error[${error.code}]: ${error.message}`];
  for (const hint of error.hints) lines.push(`  hint: ${hint}`);
  if (options.verbose) {
    for (const [key, value] of Object.entries(error.details ?? {})) {
      lines.push(`  ${key}: ${formatValue(value)}`);
    }
    let cause: unknown = error.cause;
    // Bounded so a cyclic cause chain cannot hang the CLI.
    for (let depth = 0; cause !== undefined && depth < 8; depth++) {
      lines.push(`  caused by: ${describe(cause)}`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return lines.join("\n");
}

function formatValue(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // viem messages run over many lines (docs links, versions); the first one states the fact.
  const [first = ""] = cause.message.split("\n");
  return `${cause.name}: ${first}`;
}
