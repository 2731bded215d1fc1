import fc from "fast-check";
import { RawJson } from "./json-text.ts";
import { hostileLoopbackUrls } from "./loopback-urls.ts";
import type { JsonSchema } from "./schema-value.ts";

const huge = (n: number) => "x".repeat(n);

/** Strings that break naive code: empty, huge, Unicode tricks, control and escape sequences, injections. */
export const hostileStrings: readonly string[] = [
  "",
  " ",
  huge(1_000),
  huge(70_000),
  "é",
  "𝕏𝕐💥",
  "ünïcödé 東京 🚀",
  "e\u0301",
  "\u202egnp.exe",
  "\u200b",
  "İı",
  "\ud800",
  "\u0000",
  "a\u0000b",
  "\r\n\r\nX-Injected: 1",
  "\t",
  "\u001b[2J\u001b[31mred\u001b]0;title\u0007",
  "\u007f",
  "../../../../etc/passwd",
  "/etc/passwd",
  "C:\\Windows\\win.ini",
  "%zz",
  "%00",
  "$\u007Bjndi:ldap://127.0.0.1/a}",
  "'; DROP TABLE vms; --",
  "$(id)",
  "`id`",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "0",
  "-1",
  "1.5",
  "1e3",
  "0x10",
  " 1",
  "NaN",
  "Infinity",
  "1e309",
  "null",
  "true",
  "9".repeat(78),
  (2n ** 256n).toString(),
  (2n ** 256n - 1n).toString(),
  (2n ** 64n).toString(),
  "0x".padEnd(42, "0"),
  "0x".padEnd(132, "f"),
  "#cloud-config\nruncmd: [[sh, -c, 'rm -rf /']]\n",
  "a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
];

/** Numbers at and past every boundary JSON can carry, and some it cannot (as raw tokens). */
export const hostileNumbers: readonly unknown[] = [
  0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  2 ** 32,
  2 ** 32 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1.5,
  -0.0001,
  1e21,
  2 ** 64,
  2 ** 256,
  -(2 ** 63),
  1e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  new RawJson("-0"),
  new RawJson("1e400"),
  new RawJson("-1e400"),
  new RawJson("9".repeat(78)),
  new RawJson((2n ** 256n).toString()),
  new RawJson("1.00000000000000000000000000001"),
];

/** Values of every other JSON type, and structures that stress parsers. */
export const hostileShapes: readonly unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [1, 2, 3],
  { a: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  new RawJson(`${"[".repeat(5_000)}${"]".repeat(5_000)}`),
  new RawJson(`${'{"a":'.repeat(2_000)}1${"}".repeat(2_000)}`),
  Array.from({ length: 2_000 }, (_, i) => i),
];

const controlCharacters = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});

/** Generated rather than listed: any UTF-16 units, control characters, any integer or double. */
const generatedHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  controlCharacters,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const decimalEdges = [
  "0",
  "1",
  (2n ** 32n).toString(),
  (2n ** 64n).toString(),
  (2n ** 256n - 1n).toString(),
  (2n ** 256n).toString(),
  "9".repeat(78),
  "9".repeat(79),
];

const around = (schema: JsonSchema): unknown[] => {
  const values: unknown[] = [];
  for (const bound of [schema.minimum, schema.maximum]) {
    if (typeof bound === "number") values.push(bound, bound - 1, bound + 1, bound + 0.5);
  }
  // A decimal-digits pattern is a uint on the wire: its widths' edges and past them.
  if (schema.pattern && /\[0-9\]|\\d/.test(schema.pattern)) {
    values.push(...decimalEdges);
  }
  if (schema.format === "uri") values.push(...hostileLoopbackUrls);
  for (const length of [schema.minLength, schema.maxLength]) {
    if (typeof length === "number") {
      values.push("a".repeat(Math.max(0, length - 1)), "a".repeat(length), "a".repeat(length + 1));
    }
  }
  return values;
};

/**
 * A value that `schema` should refuse or that sits on its edge: its own bounds ±1, then any
 * hostile string, number or shape (most often one of the schema's own type).
 *
 * @example fc.sample(hostileValue({ type: "integer", maximum: 256 }), 5);
 */
export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const own = around(schema);
  const typed =
    schema.type === "string"
      ? hostileStrings
      : schema.type === "integer" || schema.type === "number"
        ? hostileNumbers
        : hostileShapes;
  return fc.oneof(
    { weight: own.length > 0 ? 6 : 0, arbitrary: fc.constantFrom(...(own.length > 0 ? own : [0])) },
    { weight: 4, arbitrary: fc.constantFrom(...typed) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileStrings, ...hostileNumbers) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileShapes) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: generatedHostile },
  );
}
