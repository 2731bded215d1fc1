import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { runCommand } from "../vm/run-command.ts";
import { VmError } from "../vm/vm-error.ts";
import { withCacheLock } from "./cache-lock.ts";

/** Parameters of {@link ensureCloudImage}. */
export type EnsureCloudImageParameters = {
  /** Root of the cache; the image goes to `<cacheDir>/images/sha256-<sha256>/image.qcow2`. */
  cacheDir: string;
  /** Where the official image is published, e.g. a Debian `genericcloud` qcow2 or an Ubuntu `.img`. */
  url: string;
  /** The SHA-256 the publisher lists for the file (64 hex digits); required, never skipped. */
  sha256: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
};

/** A verified cloud image in the cache. It boots with its own boot loader, so there is no kernel. */
export type EnsureCloudImageReturnType = {
  qcow2Path: string;
  sha256: string;
  /** Whether this call downloaded it (false: it was in the cache). */
  downloaded: boolean;
};

type CloudImageManifest = {
  url: string;
  sha256: string;
  sourceFormat: string;
  downloadedAt: string;
};

/**
 * Downloads an official cloud image once, verifies its SHA-256 before anything uses it,
 * converts a raw image to qcow2, and caches it by checksum (same temp-dir-and-rename and
 * lock file as the base image). A mismatch fails with `IMAGE_CHECKSUM_MISMATCH` and keeps nothing.
 *
 * @example await ensureCloudImage({ cacheDir, url: "https://…/debian-12-genericcloud-amd64.qcow2", sha256: "…" })
 */
export async function ensureCloudImage(
  parameters: EnsureCloudImageParameters,
): Promise<EnsureCloudImageReturnType> {
  const { url, log = () => {}, signal } = parameters;
  const sha256 = parameters.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new VmError("VM_INVALID_SPEC", "A cloud image needs its SHA-256 (64 hex digits)", {
      hints: ["Copy the checksum from the publisher's SHA256SUMS file next to the image."],
    });
  }
  const imagesDir = join(parameters.cacheDir, "images");
  const finalDir = join(imagesDir, `sha256-${sha256}`);
  const qcow2Path = join(finalDir, "image.qcow2");
  if (await hasManifest(finalDir)) return { qcow2Path, sha256, downloaded: false };

  return withCacheLock(join(imagesDir, `sha256-${sha256}.lock`), async () => {
    if (await hasManifest(finalDir)) return { qcow2Path, sha256, downloaded: false };
    const workDir = await mkdtemp(join(imagesDir, `.download-${sha256.slice(0, 16)}-`));
    try {
      const file = join(workDir, "download");
      log(`downloading ${url}`);
      const actual = await download(url, file, signal);
      if (actual !== sha256) {
        throw new VmError(
          "IMAGE_CHECKSUM_MISMATCH",
          `The image at ${url} does not have the expected SHA-256`,
          {
            hints: [
              "Check the URL and the checksum; a changed image at the same URL needs its new checksum.",
            ],
            details: { url, expected: sha256, actual },
          },
        );
      }
      const { stdout } = await runCommand("qemu-img", ["info", "--output=json", file], { signal });
      const sourceFormat = String((JSON.parse(stdout) as { format?: string }).format);
      if (sourceFormat === "qcow2") await rename(file, join(workDir, "image.qcow2"));
      else if (sourceFormat === "raw") {
        log("converting raw image to qcow2");
        await runCommand(
          "qemu-img",
          ["convert", "-f", "raw", "-O", "qcow2", file, join(workDir, "image.qcow2")],
          {
            signal,
          },
        );
        await rm(file);
      } else {
        throw new VmError(
          "IMAGE_DOWNLOAD_FAILED",
          `The image at ${url} is ${sourceFormat}, not qcow2 or raw`,
          {
            hints: ["Use the qcow2 or raw variant of the cloud image."],
          },
        );
      }
      const manifest: CloudImageManifest = {
        url,
        sha256,
        sourceFormat,
        downloadedAt: new Date().toISOString(),
      };
      await writeFile(join(workDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      await rm(finalDir, { recursive: true, force: true });
      // mkdtemp made it 0700; the image is read by QEMU, which may run as another user.
      await chmod(workDir, 0o755);
      await rename(workDir, finalDir);
      log(`cloud image verified: ${qcow2Path}`);
      return { qcow2Path, sha256, downloaded: true };
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  });
}

/** Streams `url` into `file` and returns the SHA-256 of what arrived. */
async function download(url: string, file: string, signal?: AbortSignal): Promise<string> {
  const failed = (message: string, cause?: unknown) =>
    new VmError("IMAGE_DOWNLOAD_FAILED", message, {
      hints: ["Check the URL and the network; the download is retried on the next start."],
      details: { url },
      cause,
    });
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw failed(`Could not download ${url}: ${(error as Error).message}`, error);
  }
  if (!response.ok || response.body === null) {
    throw failed(`Downloading ${url} failed with HTTP ${response.status}`);
  }
  const hash = createHash("sha256");
  await pipeline(
    Readable.fromWeb(response.body),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(file),
    { signal },
  );
  return hash.digest("hex");
}

async function hasManifest(dir: string): Promise<boolean> {
  try {
    JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    return true;
  } catch {
    return false;
  }
}
