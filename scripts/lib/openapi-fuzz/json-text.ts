/** A JSON token written as is into a body (numbers JavaScript cannot hold, deep nesting, bad JSON). */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * `JSON.stringify` that writes every {@link RawJson} inside `value` as its raw text, so a body
 * can carry `1e400`, `-0`, a 78-digit number or 10 000 nested arrays.
 *
 * @example jsonText({ cpu: new RawJson("1e400") }); // '{"cpu":1e400}'
 */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof RawJson)) return v;
    raws.push(v.text);
    return `\u0000raw${raws.length - 1}\u0000`;
  });
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)] ?? "null");
}
