/** Options of {@link sanitizeTerminalText}. */
export type SanitizeTerminalTextOptions = {
  /** Turn line breaks and tabs into spaces too (table cells, one-line messages). Default false. */
  singleLine?: boolean | undefined;
};

// ECMA-48 escape sequences, 7-bit (ESC …) and 8-bit (C1) forms:
// - control strings OSC / DCS / SOS / PM / APC, up to their terminator (BEL or ST) or the end;
// - CSI: parameter bytes, intermediate bytes, one final byte;
// - any other ESC sequence: intermediate bytes and one final byte.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controlString7 = /\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|$)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controlString8 = /[\u0090\u0098\u009d-\u009f][\s\S]*?(?:\u0007|\u009c|$)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const csi = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const otherEscape = /\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// What is left that a terminal acts on: C0 (but tab and line feed), DEL, C1, and the Unicode
// bidirectional overrides and isolates that reorder what is shown (Trojan Source).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes text that came from someone else (a provider's error message, a peer's advert field)
 * safe to print on a terminal: escape and control sequences (ANSI colours and cursor moves,
 * OSC titles and hyperlinks, C0/C1 controls, bidi overrides) are removed, so the text cannot
 * rewrite the screen, fake output or set the clipboard. `\r\n` becomes `\n`; line feeds and
 * tabs stay unless `singleLine`. Plain text comes back unchanged.
 *
 * @example
 * sanitizeTerminalText("VM failed\u001b[2J\u001b]0;pwned\u0007"); // "VM failed"
 * sanitizeTerminalText("DE\nfake row", { singleLine: true }); // "DE fake row"
 */
export function sanitizeTerminalText(
  text: string,
  options: SanitizeTerminalTextOptions = {},
): string {
  let clean = text
    .replace(/\r\n/g, "\n")
    .replace(controlString7, "")
    .replace(controlString8, "")
    .replace(csi, "")
    .replace(otherEscape, "")
    .replace(controls, "");
  if (options.singleLine) clean = clean.replace(/[\n\t\u2028\u2029]+/g, " ");
  return clean;
}
