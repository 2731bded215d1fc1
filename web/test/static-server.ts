/**
 * A plain static file server for the browser tests, as any static host serves the dapp: files
 * from one folder (`/x/` → `x/index.html`, `/x` → a redirect to `/x/` when `x` is a folder),
 * GET and HEAD only, nothing outside the folder; optional overrides (a test's `config.json`).
 * Over https with a self-signed certificate made for the run ({@link makeSelfSignedCert}),
 * which Chromium trusts by its SPKI hash alone (`--ignore-certificate-errors-spki-list`).
 *
 * @example
 * const cert = await makeSelfSignedCert();
 * const site = await startStaticServer({ root: "web/out", tls: cert, files: { "/config.json": json } });
 * const browser = await launchChromium({ trustSpki: [cert.spki] }); // site.url is https://127.0.0.1:…
 */
import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** A certificate and its key (PEM), and the base64 SHA-256 of its SubjectPublicKeyInfo. */
export type SelfSignedCert = { cert: string; key: string; spki: string };

/**
 * A new P-256 key and a self-signed certificate for 127.0.0.1 and localhost, valid one day,
 * made with the system's `openssl`; `spki` is what `--ignore-certificate-errors-spki-list` takes.
 */
export async function makeSelfSignedCert(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(path.join(tmpdir(), "vmg-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    await promisify(execFile)("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ]);
    const [cert, key] = await Promise.all([readFile(certFile, "utf8"), readFile(keyFile, "utf8")]);
    return { cert, key, spki: spkiHash(cert) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo (DER). */
export function spkiHash(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/** Parameters of {@link startStaticServer}. */
export type StaticServerOptions = {
  /** The folder served as the site's root. */
  root: string;
  /** Served instead of (or beside) files in `root`, by URL path (e.g. `/config.json`); `null`: 404. */
  files?: Record<string, string | Buffer | null> | undefined;
  /** https with this certificate; plain http without it. */
  tls?: SelfSignedCert | undefined;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number | undefined;
};

/** A running static server; `requests` lists `METHOD path status` of every request, in order. */
export type StaticServer = { url: string; requests: string[]; stop: () => Promise<void> };

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Starts the server on 127.0.0.1; resolved once it listens. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = path.resolve(options.root);
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void serve(root, options.files ?? {}, req, res)
      .catch(() => send(res, 500, "text/plain; charset=utf-8", "internal error"))
      .finally(() => requests.push(`${req.method} ${req.url} ${res.statusCode}`));
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

async function serve(
  root: string,
  files: Record<string, string | Buffer | null>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return send(res, 405, "text/plain; charset=utf-8", "method not allowed");
  }
  const url = new URL(req.url ?? "/", "http://site");
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(res, 400, "text/plain; charset=utf-8", "bad path");
  }
  const override = files[pathname];
  if (override === null) return send(res, 404, "text/plain; charset=utf-8", "not found");
  if (override !== undefined) {
    return send(
      res,
      200,
      contentTypes[path.extname(pathname)] ?? "application/octet-stream",
      override,
    );
  }
  const file = path.join(root, pathname);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) {
    return send(res, 404, "text/plain; charset=utf-8", "not found");
  }
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory() && !pathname.endsWith("/")) {
    res.writeHead(308, { location: `${url.pathname}/${url.search}` });
    res.end();
    return;
  }
  const target = info?.isDirectory() ? path.join(file, "index.html") : file;
  const body = await readFile(target).catch(() => undefined);
  if (body === undefined) {
    const notFound = await readFile(path.join(root, "404.html")).catch(() => "not found");
    return send(res, 404, "text/html; charset=utf-8", notFound);
  }
  send(res, 200, contentTypes[path.extname(target)] ?? "application/octet-stream", body);
}
