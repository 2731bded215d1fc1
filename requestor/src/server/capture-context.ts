import type { CliContext } from "../cli/cli-context.ts";

/** A command context whose output is kept, for running CLI actions behind the local API. */
export type CapturedContext = {
  ctx: CliContext;
  /** What the action printed with `--json`, parsed; undefined when it printed nothing. */
  result(): unknown;
};

/**
 * Wraps `base` so a command action runs unattended and its `--json` output is captured instead
 * of printed: not interactive (no spinner, no prompt), stderr dropped. The local API calls the
 * very actions the CLI runs, so both behave the same.
 *
 * @example
 * const run = captureContext(ctx);
 * await runList(run.ctx, { json: true });
 * reply.send(run.result());
 */
export function captureContext(base: CliContext): CapturedContext {
  const out: string[] = [];
  return {
    ctx: { ...base, interactive: false, out: (text) => out.push(text), err: () => {} },
    result: () => (out.length === 0 ? undefined : JSON.parse(out.join("\n"))),
  };
}
