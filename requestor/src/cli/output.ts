import { sanitizeTerminalText } from "@vm-on-golem/sdk/text";
import Table from "cli-table3";
import type { CliContext } from "./cli-context.ts";

/** JSON text of command data; bigints become decimal strings (base units stay exact). */
export function toJsonText(data: unknown): string {
  return JSON.stringify(
    data,
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
}

/**
 * Prints a command's result: `data` as JSON with `--json`, else the text `render` returns.
 *
 * @example
 * printResult(ctx, opts, { address }, () => address);
 */
export function printResult(
  ctx: CliContext,
  opts: { json?: boolean | undefined },
  data: unknown,
  render: () => string,
): void {
  ctx.out(opts.json ? toJsonText(data) : render());
}

/**
 * A table as text (cli-table3, no colours, so output is the same on a terminal and in a pipe).
 *
 * @example
 * renderTable(["Name", "Status"], [["web-1", "running"]]);
 */
export function renderTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  // One line per cell: a provider's text cannot add rows of its own.
  table.push(...rows.map((row) => row.map((cell) => cell1(String(cell)))));
  return table.toString();
}

/** `label : value` lines with aligned colons, skipping undefined values. */
export function renderFields(fields: [string, string | number | undefined][]): string {
  const shown = fields.filter((f): f is [string, string | number] => f[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown
    .map(([label, value]) => `${label.padEnd(width)} : ${cell1(String(value))}`)
    .join("\n");
}

const cell1 = (text: string) => sanitizeTerminalText(text, { singleLine: true });
