import { createDecipheriv, pbkdf2, scrypt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { concatHex, type Hex, keccak256, toHex } from "viem";
import { z } from "zod";

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/, "hex");

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
      dklen: z.number().int().min(32),
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
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new GolemError("KEYSTORE_INVALID", `cannot read the keystore ${path}`, {
      hints: ["check the path given with --keystore or GOLEM_REQUESTOR_KEYSTORE"],
      details: { path },
      cause,
    });
  }
  return decryptKeystore(text, password, path);
}
