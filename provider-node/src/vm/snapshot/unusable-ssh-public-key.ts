import { generateKeyPairSync } from "node:crypto";

/**
 * A fresh Ed25519 public key in OpenSSH's one-line format whose private half is dropped at
 * once: the saved guest's login user must exist (cloud-init creates it with a key), yet no one
 * may log in to the saved machine or its clones with a key of the save.
 *
 * @example const line = unusableSshPublicKey(); // "ssh-ed25519 AAAAC3Nza… golem-snapshot"
 */
export function unusableSshPublicKey(): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]);
  return `ssh-ed25519 ${blob.toString("base64")} golem-snapshot`;
}
