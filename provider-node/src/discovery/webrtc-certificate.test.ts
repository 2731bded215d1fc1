import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadWebRtcCertificate, webRtcCertificateFile } from "./webrtc-certificate.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "webrtc-cert-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;

describe("loadWebRtcCertificate", () => {
  it("makes an ECDSA P-256 certificate on first start, private to the node, and the same one after", async () => {
    const first = await loadWebRtcCertificate(dir);
    expect(first.created).toBe(true);
    const path = join(dir, webRtcCertificateFile);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(first.certificate.pem);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    expect(first.certificate.certhash).toMatch(/^uEi[\w-]{44}$/);

    const again = await loadWebRtcCertificate(dir);
    expect(again.created).toBe(false);
    expect(again.certificate).toEqual(first.certificate);
    expect(again.expiresAt).toEqual(first.expiresAt);
  });

  it("replaces a certificate with under 30 days left, and keeps one with more", async () => {
    const first = await loadWebRtcCertificate(dir);
    const left = first.expiresAt.getTime();
    const kept = await loadWebRtcCertificate(dir, new Date(left - 31 * DAY));
    expect(kept.certificate.certhash).toBe(first.certificate.certhash);
    const renewed = await loadWebRtcCertificate(dir, new Date(left - 29 * DAY));
    expect(renewed.created).toBe(true);
    expect(renewed.certificate.certhash).not.toBe(first.certificate.certhash);
    expect((await loadWebRtcCertificate(dir)).certificate).toEqual(renewed.certificate);
  });

  it("refuses a file that is not a matching key and certificate, saying how to start over", async () => {
    const path = join(dir, webRtcCertificateFile);
    const a = await loadWebRtcCertificate(dir);
    await rm(path);
    const b = await loadWebRtcCertificate(dir);
    // b's key with a's certificate.
    await writeFile(path, `${b.certificate.privateKey}\n${a.certificate.pem}\n`);
    await expect(loadWebRtcCertificate(dir)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: `${path} is not a WebRTC-direct key and certificate`,
      hints: [expect.stringContaining(`remove ${path}`)],
    });
    await writeFile(path, "garbage");
    await expect(loadWebRtcCertificate(dir)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    expect(await readFile(path, "utf8")).toBe("garbage");
  });
});
