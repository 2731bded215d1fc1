import { parseSshPublicKey } from "./parse-ssh-public-key.ts";

/** Key types an SSH server offers as host keys (no security-key or DSA types). */
export const SSH_HOST_KEY_TYPES = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-rsa",
] as const;

/**
 * Whether `line` is one bare SSH host key: a host key type and its well-formed base64 key,
 * no comment, nothing else (what a known_hosts line may carry after the host name).
 *
 * @example isSshHostKeyLine("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI…"); // true
 */
export function isSshHostKeyLine(line: string): boolean {
  const parsed = parseSshPublicKey(line);
  return (
    parsed.ok &&
    parsed.key.comment === "" &&
    parsed.key.line === line &&
    (SSH_HOST_KEY_TYPES as readonly string[]).includes(parsed.key.type)
  );
}
