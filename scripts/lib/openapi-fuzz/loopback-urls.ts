import fc from "fast-check";

/**
 * URLs for a `format: uri` field that never leave this machine: loopback origins on closed
 * ports, odd paths and fragments (a fuzz run must send nothing off the host, whatever the
 * server does with the URL).
 *
 * @example fc.sample(loopbackUrl, 3); // ["http://127.0.0.1:9/a#b", …]
 */
export const loopbackUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      "http://127.0.0.1:9",
      "https://[::1]:1",
      "http://127.0.0.2:1",
      "http://localhost:9",
    ),
    fc.webPath(),
    fc.webFragments(),
  )
  .map(([origin, path, fragment]) => `${origin}${path}#${fragment}`);

/** URLs a `format: uri` field should refuse or that sit on its edges; every host is loopback. */
export const hostileLoopbackUrls: readonly string[] = [
  "http://127.0.0.1:9",
  "https://[::1]:1/",
  "http://user:secret@127.0.0.1:9/",
  "http://127.0.0.1:99999/",
  "http://[::1",
  "http://2130706433:9/",
  `http://127.0.0.1:9/${"a".repeat(3_000)}`,
  "ftp://127.0.0.1:9/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "data:text/plain,x",
  "http://127.0.0.1:9/%zz",
  "//127.0.0.1:9/",
];

const isLoopbackHost = (hostname: string) =>
  hostname === "" ||
  hostname === "localhost" ||
  hostname === "[::1]" ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/**
 * Every URL in `value` (any string in it, JSON text parsed first) whose host is not this
 * machine's loopback: what a fuzz run must never generate.
 *
 * @example nonLoopbackUrls('{"providerUrl":"https://example.com"}'); // ["https://example.com"]
 */
export function nonLoopbackUrls(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      if (URL.canParse(v) && !isLoopbackHost(new URL(v).hostname)) found.push(v);
      try {
        const parsed: unknown = JSON.parse(v);
        if (parsed !== null && typeof parsed === "object") visit(parsed);
      } catch {
        // Not JSON: the string itself was looked at.
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}
