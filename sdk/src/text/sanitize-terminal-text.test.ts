import { describe, expect, it } from "vitest";
import { sanitizeTerminalText } from "./sanitize-terminal-text.ts";

const ESC = "\u001b";

describe("sanitizeTerminalText", () => {
  it("leaves plain text, unicode and line breaks alone", () => {
    const text = "VM web-1 is running\n  hint: connect with `golem vm ssh web-1` — Zürich 東京 ✓";
    expect(sanitizeTerminalText(text)).toBe(text);
  });
  it.each([
    ["colours", `${ESC}[31mred${ESC}[0m`, "red"],
    ["cursor moves and screen clears", `a${ESC}[2J${ESC}[H${ESC}[1A${ESC}[?25lb`, "ab"],
    ["an OSC window title (BEL)", `x${ESC}]0;owned by a provider\u0007y`, "xy"],
    ["an OSC 52 clipboard write (ST)", `x${ESC}]52;c;Y3VybCBldmlsfHNo${ESC}\\y`, "xy"],
    [
      "an OSC 8 hyperlink",
      `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`,
      "click",
    ],
    ["a DCS string", `x${ESC}Pq#0;2;0;0;0${ESC}\\y`, "xy"],
    ["8-bit CSI and OSC", "a\u009b31mb\u009d0;title\u009cc", "abc"],
    ["an unterminated OSC (it would swallow the rest)", `ok${ESC}]0;rest of it`, "ok"],
    ["a lone ESC and charset switches", `a${ESC}(0b${ESC}c${ESC}`, "ab"],
    ["carriage returns that overwrite a line", "paid 1 GLM\rpaid 0 GLM", "paid 1 GLMpaid 0 GLM"],
    ["backspaces, bells, NUL and DEL", "a\b\u0007\u0000\u007fb", "ab"],
    ["bidi overrides (Trojan Source)", "rate \u202e10 \u2066x\u2069", "rate 10 x"],
  ])("removes %s", (_what, input, expected) => {
    expect(sanitizeTerminalText(input)).toBe(expected);
  });
  it("keeps CRLF as a line break", () => {
    expect(sanitizeTerminalText("a\r\nb")).toBe("a\nb");
  });
  it("puts a table cell on one line", () => {
    expect(sanitizeTerminalText("DE\n│ 0x… │ fake row\t│", { singleLine: true })).toBe(
      "DE │ 0x… │ fake row │",
    );
  });
  it("never leaves an ESC, C0 or C1 byte in any input", () => {
    let all = "";
    for (let c = 0; c < 0x2070; c++) all += String.fromCharCode(c);
    const clean = sanitizeTerminalText(all.repeat(2));
    const left = [...clean].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      const allowed = c === 0x09 || c === 0x0a;
      const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      return (!allowed && (c < 0x20 || (c >= 0x7f && c <= 0x9f))) || bidi;
    });
    expect(left).toEqual([]);
  });
});
