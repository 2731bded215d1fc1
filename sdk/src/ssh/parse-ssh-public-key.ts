/** A key line `authorized_keys` accepts: type, base64 key blob, optional comment. */
export type SshPublicKey = { type: string; blob: string; comment: string; line: string };

/** Why a text is not one OpenSSH public key. */
export type SshPublicKeyProblem = "private-key" | "empty" | "several-keys" | "malformed";

/** Key types OpenSSH writes into `.pub` files. */
const keyTypes = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
]);

/**
 * The SSH wire strings a key blob is made of (each a uint32 length, then the bytes), or
 * undefined when the blob is not exactly a sequence of them.
 */
function wireStrings(bytes: Uint8Array): Uint8Array[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return undefined;
    const length = view.getUint32(at);
    if (length > bytes.length - at - 4) return undefined;
    parts.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return parts;
}

function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Reads the text of an OpenSSH public key file (`~/.ssh/id_ed25519.pub`): exactly one key line
 * whose base64 blob is a well-formed SSH key blob of the type the line names. A private key
 * (`-----BEGIN … PRIVATE KEY-----`) is told apart, so the caller can point at the `.pub` file;
 * its content is never returned.
 *
 * @example
 * parseSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… me@laptop\n"); // { ok: true, key: { type: "ssh-ed25519", … } }
 */
export function parseSshPublicKey(
  text: string,
): { ok: true; key: SshPublicKey } | { ok: false; problem: SshPublicKeyProblem } {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text))
    return { ok: false, problem: "private-key" };
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (lines.length === 0) return { ok: false, problem: "empty" };
  if (lines.length > 1) return { ok: false, problem: "several-keys" };
  const line = lines[0] as string;
  const [type = "", blob = "", ...rest] = line.split(/\s+/);
  const bytes = decodeBase64(blob);
  const parts = bytes && wireStrings(bytes);
  const named = parts?.[0] && new TextDecoder().decode(parts[0]);
  const wellFormed =
    keyTypes.has(type) &&
    parts !== undefined &&
    parts.length >= 2 &&
    named === type &&
    (type !== "ssh-ed25519" || (parts.length === 2 && parts[1]?.length === 32));
  if (!wellFormed) return { ok: false, problem: "malformed" };
  const comment = rest.join(" ");
  return {
    ok: true,
    key: { type, blob, comment, line: comment ? `${type} ${blob} ${comment}` : `${type} ${blob}` },
  };
}
