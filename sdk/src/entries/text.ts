/**
 * `@vm-on-golem/sdk/text`: text from providers and peers made safe for a terminal (no escape or
 * control sequences).
 */
export { sanitizeTerminalText } from "../text/sanitize-terminal-text.ts";
