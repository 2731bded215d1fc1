import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../vm/run-command.ts";
import { isVmError } from "../vm/vm-error.ts";
import { ensureCloudImage } from "./ensure-cloud-image.ts";

// No cloud image can be downloaded here; a local HTTP server serves small real images instead.
describe("ensureCloudImage against a local HTTP server", () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golem-cloud-image-"));
    await runCommand("qemu-img", ["create", "-q", "-f", "qcow2", join(dir, "small.qcow2"), "16M"]);
    await runCommand("qemu-img", ["create", "-q", "-f", "raw", join(dir, "small.raw"), "1M"]);
    files.set("/small.qcow2", await readFile(join(dir, "small.qcow2")));
    files.set("/small.raw", await readFile(join(dir, "small.raw")));
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const body = files.get(req.url ?? "");
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { "content-length": body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it("downloads, verifies and caches a qcow2 image by checksum", async () => {
    const cacheDir = join(dir, "cache-ok");
    const sum = sha256(files.get("/small.qcow2") as Buffer);
    const first = await ensureCloudImage({ cacheDir, url: `${baseUrl}/small.qcow2`, sha256: sum });
    expect(first).toEqual({
      qcow2Path: join(cacheDir, "images", `sha256-${sum}`, "image.qcow2"),
      sha256: sum,
      downloaded: true,
    });
    expect(sha256(await readFile(first.qcow2Path))).toBe(sum);
    const before = requests.length;
    expect(
      (
        await ensureCloudImage({
          cacheDir,
          url: `${baseUrl}/small.qcow2`,
          sha256: sum.toUpperCase(),
        })
      ).downloaded,
    ).toBe(false);
    expect(requests.length).toBe(before);
  });

  it("converts a raw image to qcow2 after verifying it", async () => {
    const cacheDir = join(dir, "cache-raw");
    const sum = sha256(files.get("/small.raw") as Buffer);
    const { qcow2Path } = await ensureCloudImage({
      cacheDir,
      url: `${baseUrl}/small.raw`,
      sha256: sum,
    });
    const { stdout } = await runCommand("qemu-img", ["info", "--output=json", qcow2Path]);
    expect(JSON.parse(stdout)).toMatchObject({ format: "qcow2", "virtual-size": 1024 * 1024 });
  });

  it("refuses an image whose checksum differs and keeps nothing", async () => {
    const cacheDir = join(dir, "cache-bad");
    const error = await ensureCloudImage({
      cacheDir,
      url: `${baseUrl}/small.qcow2`,
      sha256: "0".repeat(64),
    }).catch((e: unknown) => e);
    expect(isVmError(error, "IMAGE_CHECKSUM_MISMATCH")).toBe(true);
    expect((error as { details: { actual: string } }).details.actual).toBe(
      sha256(files.get("/small.qcow2") as Buffer),
    );
    expect((await readdir(join(cacheDir, "images"))).filter((f) => !f.endsWith(".lock"))).toEqual(
      [],
    );
  });

  it("fails with IMAGE_DOWNLOAD_FAILED on HTTP errors and requires a checksum", async () => {
    const cacheDir = join(dir, "cache-404");
    const error = await ensureCloudImage({
      cacheDir,
      url: `${baseUrl}/missing.img`,
      sha256: "a".repeat(64),
    }).catch((e: unknown) => e);
    expect(isVmError(error, "IMAGE_DOWNLOAD_FAILED")).toBe(true);
    expect((error as Error).message).toContain("HTTP 404");
    await expect(
      ensureCloudImage({ cacheDir, url: `${baseUrl}/small.qcow2`, sha256: "" }),
    ).rejects.toThrow(/needs its SHA-256/);
  });
});
