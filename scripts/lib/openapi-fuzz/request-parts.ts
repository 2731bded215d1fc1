import type { ApiOperation } from "./openapi-operations.ts";

/** Methods tried on every route besides its own: the other verbs, WebDAV's, TRACE. */
export const oddMethods: readonly string[] = [
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "SEARCH",
];

/** Content-Type values other than plain `application/json` (undefined: no header). */
export const oddContentTypes: ReadonlyArray<string | undefined> = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/JSON",
  "application/json, text/plain",
  "application/octet-stream",
  "application/xml",
  "*/*",
  "",
  undefined,
];

/** Bodies no schema describes: broken JSON, other media, unbalanced nesting, NUL bytes. */
export const badBodies: readonly string[] = [
  "",
  "{",
  "}",
  "[",
  "nul",
  '{"a":}',
  '{"name":',
  "{'a':1}",
  '"text"',
  "1",
  "\u0000",
  "\u0000\u0001",
  "\ufeff{}",
  "{}{}",
  "[1,]",
  "[".repeat(50_000),
  "name=web-1&cpu=1",
];

/** Path parameters no router expects: bad escapes, traversal, huge, encoded slashes, Unicode. */
export const hostileParams: readonly string[] = [
  "%zz",
  "%",
  "%00",
  "",
  "..",
  "%2e%2e",
  "%2e%2e%2f%2e%2e%2f",
  "a%2Fb",
  "a".repeat(65),
  "a".repeat(1_000),
  "a".repeat(5_000),
  encodeURIComponent("é𝕏💥"),
  "%20",
  "VM-UPPER",
  "-",
  "vm-",
  "%C3%28",
  "%F0%9F%92",
  "%F0%9F%9A%80",
  "0x%C0%AF",
];

/** Headers a browser, a proxy or an attacker adds (one set per request). */
export const extraHeaders: ReadonlyArray<Record<string, string>> = [
  { origin: "https://evil.example" },
  { origin: "null" },
  { origin: "http://127.0.0.1" },
  { origin: "null", "access-control-request-method": "DELETE" },
  { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example" },
  { accept: "text/html" },
  { "content-encoding": "gzip" },
  { "accept-encoding": "br;q=2, *;q=-1" },
  { host: "evil.example" },
  { host: "rebind.attacker.test:7465" },
  { host: "[::1]:7466" },
  { cookie: `${"a=b; ".repeat(500)}` },
];

/** Query strings a parser may choke on. */
export const hostileQueries: readonly string[] = [
  "?%zz=%zz",
  "?a[b]=c&a[b]=d",
  "?__proto__[x]=1",
  `?q=${"%41".repeat(2_000)}`,
  "?&&&",
  "?=",
];

/** Whole URLs a router may choke on, some shaped after `op`'s own path. */
export function rawUrlsFor(op: ApiOperation): string[] {
  const path = op.path.replaceAll(/\{[^}]+\}/g, "x");
  return [
    `${path}//`,
    `/${path}`,
    path.toUpperCase(),
    `${path}/..%2f..%2fdocs`,
    `${path}%00`,
    `${path};jsessionid=1`,
    `${path}?${"a=1&".repeat(3_000)}`,
    `/api/v1/${"a/".repeat(3_000)}`,
    "/%",
    "/api/v1/%",
    "//api//v1//vms",
    "/api/v1/vms/%zz",
    "/api/v1/vms/%zz/stop",
    "/api/v1/vms/..%2f..%2fetc%2fpasswd",
    "/api/v1/vms/a%2Fb/stop",
    "/api/v1/streams/%E2%80%AE/topup",
    "*",
    "/docs/%zz",
    "/docs/static/..%2f..%2fpackage.json",
    "/docs/static/../../package.json",
    "/docs/json?x=%zz",
    "/api/v1/vms/%E0%A4%A",
    "/api/v2/vms",
    "/",
  ];
}
