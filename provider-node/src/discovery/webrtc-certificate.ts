// @peculiar/x509 needs the Reflect metadata polyfill loaded before it.
import "reflect-metadata";
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  webcrypto,
  X509Certificate,
} from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BasicConstraintsExtension, X509CertificateGenerator } from "@peculiar/x509";
import type { TransportCertificate } from "@vm-on-golem/sdk/discovery/node";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** File name of the WebRTC-direct certificate (private key + certificate, PEM) in the data directory. */
export const webRtcCertificateFile = "webrtc-direct.pem";

const DAY_MS = 86_400_000;
/** Lifetime of a new certificate. WebRTC peers check its fingerprint (the certhash), not its dates. */
const LIFESPAN_DAYS = 365;
/** A certificate this close to its end is replaced at start, so no running node outlives it. */
const RENEW_WITHIN_DAYS = 30;

/** What {@link loadWebRtcCertificate} found or made. */
export type LoadWebRtcCertificateReturnType = {
  certificate: TransportCertificate;
  /** `true` when a new certificate (so a new certhash) was made: first start, or the old one was ending. */
  created: boolean;
  /** When the certificate ends. */
  expiresAt: Date;
};

/**
 * The node's WebRTC-direct certificate (ECDSA P-256), kept in `<dataDir>/webrtc-direct.pem`
 * (mode 0600) so the certhash in its multiaddr, which bootstrap lists and adverts carry, survives
 * restarts. Made on first start and again when it has under 30 days left (the node's adverts are
 * re-signed with the new address at once; bootstrap lists naming the old one must be updated).
 *
 * @example const { certificate } = await loadWebRtcCertificate(config.dataDir);
 */
export async function loadWebRtcCertificate(
  dataDir: string,
  now = new Date(),
): Promise<LoadWebRtcCertificateReturnType> {
  const path = join(dataDir, webRtcCertificateFile);
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    const stored = parseStored(text, path);
    if (stored.expiresAt.getTime() - now.getTime() > RENEW_WITHIN_DAYS * DAY_MS) {
      return { ...stored, created: false };
    }
  }
  const made = await createCertificate(now);
  // Written aside and renamed: a crash mid-write must not leave a half file the next start refuses.
  await writeFile(`${path}.new`, `${made.certificate.privateKey}\n${made.certificate.pem}\n`, {
    mode: 0o600,
  });
  await rename(`${path}.new`, path);
  return { ...made, created: true };
}

/** The multibase (base64url) sha2-256 multihash of a DER certificate, as in `/certhash/`. */
function certhashOf(der: Uint8Array): string {
  const digest = createHash("sha256").update(der).digest();
  return `u${Buffer.concat([Buffer.from([0x12, 0x20]), digest]).toString("base64url")}`;
}

function parseStored(text: string, path: string): Omit<LoadWebRtcCertificateReturnType, "created"> {
  const privateKey = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/.exec(text)?.[0];
  const pem = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/.exec(text)?.[0];
  try {
    if (!privateKey || !pem) throw new Error("no private key and certificate in PEM");
    const cert = new X509Certificate(pem);
    const ownPublicKey = createPublicKey(createPrivateKey(privateKey));
    if (!cert.publicKey.equals(ownPublicKey))
      throw new Error("the key does not match the certificate");
    return {
      certificate: { privateKey, pem, certhash: certhashOf(cert.raw) },
      expiresAt: new Date(cert.validTo),
    };
  } catch (cause) {
    throw new GolemError("CONFIG_INVALID", `${path} is not a WebRTC-direct key and certificate`, {
      cause,
      hints: [
        `remove ${path} to make a new one (the node's webrtc-direct address gets a new certhash)`,
      ],
    });
  }
}

async function createCertificate(
  now: Date,
): Promise<Omit<LoadWebRtcCertificateReturnType, "created">> {
  const crypto = webcrypto;
  const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + LIFESPAN_DAYS * DAY_MS);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex")}`,
      name: "CN=libp2p webrtc-direct",
      notBefore,
      notAfter,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      keys,
      extensions: [new BasicConstraintsExtension(false, undefined, true)],
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  const privateKey = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trim()}\n-----END PRIVATE KEY-----`;
  return {
    certificate: {
      privateKey,
      pem: cert.toString("pem"),
      certhash: certhashOf(new Uint8Array(cert.rawData)),
    },
    expiresAt: notAfter,
  };
}
