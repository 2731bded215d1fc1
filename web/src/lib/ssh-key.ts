/** An ed25519 key pair in OpenSSH's formats, made in the browser (or Node) with WebCrypto. */
export type OpenSshKeyPair = {
  /** One `authorized_keys` line: `ssh-ed25519 AAAA… comment`. */
  publicKey: string;
  /** The private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted). */
  privateKey: string;
};

const encoder = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** SSH wire `string`: uint32 length, then the bytes. */
function sshString(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === "string" ? encoder.encode(value) : value;
  return concat([uint32(bytes.length), bytes]);
}

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/**
 * The public key blob (`string "ssh-ed25519" + string key`) as `authorized_keys` shows it.
 *
 * @example
 * openSshPublicKey(raw32, "me@laptop"); // "ssh-ed25519 AAAAC3Nza… me@laptop"
 */
export function openSshPublicKey(publicKey: Uint8Array, comment: string): string {
  const blob = concat([sshString("ssh-ed25519"), sshString(publicKey)]);
  return `ssh-ed25519 ${base64(blob)}${comment ? ` ${comment}` : ""}`;
}

/**
 * An unencrypted `openssh-key-v1` private key file for an ed25519 seed and its public key.
 * `check` is the random check integer OpenSSH repeats twice in the private section.
 *
 * @example
 * const file = openSshPrivateKey(seed32, public32, "me@laptop", 0x1234abcd);
 */
export function openSshPrivateKey(
  seed: Uint8Array,
  publicKey: Uint8Array,
  comment: string,
  check: number,
): string {
  const publicBlob = concat([sshString("ssh-ed25519"), sshString(publicKey)]);
  const section = concat([
    uint32(check),
    uint32(check),
    sshString("ssh-ed25519"),
    sshString(publicKey),
    sshString(concat([seed, publicKey])),
    sshString(comment),
  ]);
  const padding = new Uint8Array((8 - (section.length % 8)) % 8).map((_, i) => i + 1);
  const body = concat([
    encoder.encode("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    uint32(1),
    sshString(publicBlob),
    sshString(concat([section, padding])),
  ]);
  const lines = base64(body).match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * A fresh ed25519 key pair from WebCrypto, as an OpenSSH public key line and private key file.
 * The private key never leaves the page unless the user downloads it.
 *
 * @example
 * const { publicKey, privateKey } = await generateOpenSshKeyPair("golem-web");
 */
export async function generateOpenSshKeyPair(comment = "vm-on-golem"): Promise<OpenSshKeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  // PKCS#8 of an Ed25519 key is a fixed 16-byte header followed by the 32-byte seed.
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const seed = pkcs8.slice(pkcs8.length - 32);
  const check = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return {
    publicKey: openSshPublicKey(publicKey, comment),
    privateKey: openSshPrivateKey(seed, publicKey, comment, check),
  };
}
