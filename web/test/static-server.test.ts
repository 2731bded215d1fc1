/**
 * The test-support static file server (static-server.ts) as a static host behaves: index.html
 * for a folder, a redirect to the slash form, overrides, GET/HEAD only, nothing outside its
 * folder (raw paths with `..` and encoded slashes); and its https certificate is the one whose
 * SPKI hash it reports.
 */

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeSelfSignedCert,
  type StaticServer,
  spkiHash,
  startStaticServer,
} from "./static-server.ts";

let parent: string;
let root: string;
let server: StaticServer;

/** A request with the path sent as written (no client-side normalisation). */
function raw(url: string, rawPath: string, method = "GET") {
  return new Promise<{ status: number; location?: string; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "vmg-static-server-"));
  root = path.join(parent, "site");
  await mkdir(path.join(root, "providers"), { recursive: true });
  await writeFile(path.join(root, "index.html"), "home");
  await writeFile(path.join(root, "providers", "index.html"), "providers");
  await writeFile(path.join(root, "404.html"), "not here");
  await writeFile(path.join(root, "config.json"), "{}");
  await writeFile(path.join(parent, "secret.txt"), "secret");
  server = await startStaticServer({
    root,
    files: { "/config.json": '{"over":1}', "/gone.json": null },
  });
});

afterAll(async () => {
  await server?.stop();
  await rm(parent, { recursive: true, force: true });
});

describe("test support: the static file server", () => {
  it("serves index.html for a folder and redirects a folder without its slash", async () => {
    expect(await raw(server.url, "/")).toMatchObject({ status: 200, body: "home" });
    expect(await raw(server.url, "/providers/")).toMatchObject({ status: 200, body: "providers" });
    expect(await raw(server.url, "/providers?x=1")).toMatchObject({
      status: 308,
      location: "/providers/?x=1",
    });
    expect(await raw(server.url, "/nope")).toMatchObject({ status: 404, body: "not here" });
  });

  it("serves the overrides instead of the files, and null as missing", async () => {
    expect(await raw(server.url, "/config.json")).toMatchObject({ body: '{"over":1}' });
    expect((await raw(server.url, "/gone.json")).status).toBe(404);
  });

  it("answers GET and HEAD only", async () => {
    expect((await raw(server.url, "/", "POST")).status).toBe(405);
    expect(await raw(server.url, "/", "HEAD")).toMatchObject({ status: 200, body: "" });
  });

  it.each([
    "/../secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/providers/..%2f..%2fsecret.txt",
  ])("serves nothing outside its folder: %s", async (rawPath) => {
    const answer = await raw(server.url, rawPath);
    expect(answer.body).not.toContain("secret");
    expect(answer.status).toBe(404);
  });

  it("serves https with a fresh certificate whose SPKI hash it reports", async () => {
    const cert = await makeSelfSignedCert();
    expect(cert.spki).toBe(spkiHash(cert.cert));
    expect(Buffer.from(cert.spki, "base64")).toHaveLength(32);
    const tls = await startStaticServer({ root, tls: cert });
    try {
      expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const seen = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${tls.url}/`, { ca: cert.cert }, (res) => {
          const peer = res.socket as TLSSocket;
          resolve(spkiHash(peer.getPeerX509Certificate()?.toString() ?? ""));
          res.resume();
        });
        req.on("error", reject);
        req.end();
      });
      expect(seen).toBe(cert.spki);
      await expect.poll(() => tls.requests).toEqual(["GET / 200"]);
    } finally {
      await tls.stop();
    }
  });
});
