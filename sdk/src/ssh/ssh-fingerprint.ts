import { hexToBytes, sha256 } from "viem";

/**
 * The SHA256 fingerprint of an OpenSSH public key blob, as `ssh-keygen -l` prints it:
 * `SHA256:` and the unpadded base64 of the SHA-256 of the blob's bytes. Works in browsers too.
 *
 * @example sshFingerprintOf("AAAAC3NzaC1lZDI1NTE5AAAAI…"); // "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
 */
export function sshFingerprintOf(blob: string): string {
  const bytes = Uint8Array.from(atob(blob), (c) => c.charCodeAt(0));
  const digest = hexToBytes(sha256(bytes));
  return `SHA256:${btoa(String.fromCharCode(...digest)).replace(/=+$/, "")}`;
}
