import { z } from "zod";
import { sshFingerprintOf } from "../ssh/ssh-fingerprint.ts";
import { isSshHostKeyLine } from "../ssh/ssh-host-key-line.ts";

/**
 * One SSH host key of a VM: the public key line and its fingerprint. A reader checks both: the
 * line must be one well-formed host key of a host key type, and the fingerprint the one of that
 * key (so a page can show the fingerprint without trusting the provider's text for it).
 */
export const sshHostKeySchema = z
  .object({
    publicKey: z
      .string()
      .max(2048)
      .describe("OpenSSH public key line without comment, e.g. ssh-ed25519 AAAAC3Nza…"),
    fingerprint: z.string().max(64).describe("SHA256 fingerprint as ssh-keygen -l prints it"),
  })
  .superRefine((key, ctx) => {
    if (!isSshHostKeyLine(key.publicKey)) {
      ctx.addIssue({
        code: "custom",
        path: ["publicKey"],
        message: "not one SSH host key line (type and base64 key, no comment)",
      });
      return;
    }
    if (sshFingerprintOf(key.publicKey.split(" ")[1] as string) !== key.fingerprint) {
      ctx.addIssue({
        code: "custom",
        path: ["fingerprint"],
        message: "not the SHA256 fingerprint of publicKey",
      });
    }
  });

/** The host keys a VM's SSH server presents, as its provider made them. */
export const sshHostKeysSchema = z
  .array(sshHostKeySchema)
  .min(1)
  .max(4)
  .nullable()
  .describe(
    "the SSH host keys the provider made for the VM and gave it at boot; pin them instead of trusting on first use. null: the VM was made before the provider pinned host keys",
  );

/** One SSH host key of a VM. */
export type SshHostKey = z.infer<typeof sshHostKeySchema>;
