import { createDecipheriv, pbkdf2, scrypt } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { concatHex, type Hex, keccak256, toHex } from "viem";
import { z } from "zod";

const hex = z
  .string()
  .max(1024)
  .regex(/^(0x)?[0-9a-fA-F]*$/, "hex");

/**
 * The most work a keystore may ask of the key derivation: above the defaults geth, ethers and
 * MetaMask write (scrypt N=2^18 r=8 p=1, pbkdf2 c=262144), so every real keystore opens, but
 * a hostile file cannot make the CLI run for hours or allocate gigabytes.
 */
export const keystoreKdfLimits = {
  /** scrypt cost N (a power of two). */
  scryptN: 2 ** 20,
  scryptR: 16,
  scryptP: 16,
  /** scrypt memory, 128·N·r bytes. */
  scryptMemoryBytes: 2 ** 30,
  /** scrypt total work, N·r·p (the default is 2^21). */
  scryptWork: 2 ** 24,
  /** pbkdf2-hmac-sha256 iterations. */
  pbkdf2C: 10_000_000,
  /** Derived key bytes. */
  dklen: 64,
  /** Size of a keystore file, bytes (they are about 500). */
  fileBytes: 64 * 1024,
} as const;

/** A Web3 Secret Storage (version 3) keystore, as geth, ethers and MetaMask export it. */
const keystoreSchema = z.object({
  version: z.literal(3),
  address: z.string().optional(),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    cipherparams: z.object({ iv: hex }),
    ciphertext: hex,
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.object({
      dklen: z.number().int().min(32).max(keystoreKdfLimits.dklen),
      salt: hex,
      n: z.number().int().positive().optional(),
      r: z.number().int().positive().optional(),
      p: z.number().int().positive().optional(),
      c: z.number().int().positive().optional(),
      prf: z.literal("hmac-sha256").optional(),
    }),
    mac: hex,
  }),
});

const bytes = (text: string) => Buffer.from(text.replace(/^0x/, ""), "hex");
const invalid = (path: string, message: string) =>
  new GolemError("KEYSTORE_INVALID", message, { details: { path } });

/** Refuses KDF parameters above {@link keystoreKdfLimits} before any work is done. */
function checkKdfCost(
  path: string,
  kdf: "scrypt" | "pbkdf2",
  p: z.output<typeof keystoreSchema>["crypto"]["kdfparams"],
): void {
  const limits = keystoreKdfLimits;
  const tooCostly = (what: string) =>
    new GolemError(
      "KEYSTORE_INVALID",
      `the keystore ${path} asks for ${what}; this CLI refuses such costly key derivation`,
      {
        hints: [
          "re-encrypt the key with standard parameters (geth and ethers write scrypt N=262144, r=8, p=1)",
          `limits: scrypt N <= ${limits.scryptN}, r <= ${limits.scryptR}, p <= ${limits.scryptP}, 128·N·r <= 1 GiB, N·r·p <= ${limits.scryptWork}; pbkdf2 c <= ${limits.pbkdf2C}`,
        ],
        details: {
          path,
          kdf,
          kdfparams: { n: p.n ?? null, r: p.r ?? null, p: p.p ?? null, c: p.c ?? null },
        },
      },
    );
  if (kdf === "pbkdf2") {
    const c = p.c ?? 262_144;
    if (c > limits.pbkdf2C) throw tooCostly(`pbkdf2 with c=${c} iterations`);
    return;
  }
  const N = p.n ?? 262_144;
  const r = p.r ?? 8;
  const par = p.p ?? 1;
  const shown = `scrypt with N=${N}, r=${r}, p=${par}`;
  if (N < 2 || (N & (N - 1)) !== 0) {
    throw new GolemError(
      "KEYSTORE_INVALID",
      `the keystore ${path} has scrypt N=${N}, not a power of two`,
      {
        details: { path },
      },
    );
  }
  if (
    N > limits.scryptN ||
    r > limits.scryptR ||
    par > limits.scryptP ||
    128 * N * r > limits.scryptMemoryBytes ||
    N * r * par > limits.scryptWork
  ) {
    throw tooCostly(shown);
  }
}

function deriveKey(
  password: string,
  kdf: "scrypt" | "pbkdf2",
  p: z.output<typeof keystoreSchema>["crypto"]["kdfparams"],
): Promise<Buffer> {
  const salt = bytes(p.salt);
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
    if (kdf === "pbkdf2") {
      pbkdf2(password.normalize("NFKC"), salt, p.c ?? 262_144, p.dklen, "sha256", done);
      return;
    }
    const N = p.n ?? 262_144;
    const r = p.r ?? 8;
    const par = p.p ?? 1;
    const maxmem = 128 * N * r * 2 + 64 * 1024 * 1024;
    scrypt(password.normalize("NFKC"), salt, p.dklen, { N, r, p: par, maxmem }, done);
  });
}

/**
 * Decrypts a Web3 Secret Storage v3 keystore (scrypt or pbkdf2, aes-128-ctr, keccak MAC) with
 * `password`: the JSON file ethers, geth and MetaMask write. A wrong password or a damaged
 * file fails with `KEYSTORE_INVALID`; the key is never part of an error.
 *
 * @example
 * const privateKey = await decryptKeystore(await readFile(path, "utf8"), password, path);
 */
export async function decryptKeystore(json: string, password: string, path: string): Promise<Hex> {
  let parsed: z.output<typeof keystoreSchema>;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    // geth and ethers write `Crypto`, the spec `crypto`.
    parsed = keystoreSchema.parse({ ...raw, crypto: raw.crypto ?? raw.Crypto });
  } catch {
    throw invalid(path, `${path} is not a version 3 keystore (aes-128-ctr, scrypt or pbkdf2)`);
  }
  const { crypto } = parsed;
  checkKdfCost(path, crypto.kdf, crypto.kdfparams);
  const derived = await deriveKey(password, crypto.kdf, crypto.kdfparams);
  const ciphertext = bytes(crypto.ciphertext);
  const mac = keccak256(concatHex([toHex(derived.subarray(16, 32)), toHex(ciphertext)]));
  if (mac.slice(2).toLowerCase() !== crypto.mac.replace(/^0x/, "").toLowerCase()) {
    throw new GolemError("KEYSTORE_INVALID", `wrong password for the keystore ${path}`, {
      hints: ["check GOLEM_REQUESTOR_KEYSTORE_PASSWORD (or what you typed) and try again"],
      details: { path },
    });
  }
  const decipher = createDecipheriv(
    "aes-128-ctr",
    derived.subarray(0, 16),
    bytes(crypto.cipherparams.iv),
  );
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (key.length !== 32) throw invalid(path, `${path} does not hold a 32-byte key`);
  return toHex(key);
}

/**
 * Reads and decrypts the keystore file at `path` (`KEYSTORE_INVALID` when unreadable).
 *
 * @example
 * const privateKey = await readKeystore("/home/me/key.json", password);
 */
export async function readKeystore(path: string, password: string): Promise<Hex> {
  let text: string | undefined;
  try {
    // A keystore is about 500 bytes: a huge file is refused before it is read.
    if ((await stat(path)).size <= keystoreKdfLimits.fileBytes) text = await readFile(path, "utf8");
  } catch (cause) {
    throw new GolemError("KEYSTORE_INVALID", `cannot read the keystore ${path}`, {
      hints: ["check the path given with --keystore or GOLEM_REQUESTOR_KEYSTORE"],
      details: { path },
      cause,
    });
  }
  if (text === undefined) {
    throw invalid(
      path,
      `${path} is larger than ${keystoreKdfLimits.fileBytes} bytes: not a keystore`,
    );
  }
  return decryptKeystore(text, password, path);
}
