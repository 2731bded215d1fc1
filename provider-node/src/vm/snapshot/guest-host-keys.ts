import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../run-command.ts";

/** One SSH host key pair for a guest, as the files sshd reads (`/etc/ssh/<name>`, `<name>.pub`). */
export type GuestHostKey = {
  name: "ssh_host_ed25519_key" | "ssh_host_ecdsa_key";
  /** OpenSSH private key file contents (secret: never log it). */
  privateKey: string;
  /** One-line public key (`ssh-ed25519 AAAA… root@<hostname>`). */
  publicKey: string;
};

/**
 * Makes a guest's SSH host keys on the host (Ed25519 and ECDSA, the types the base image's
 * cloud-init would make) with `ssh-keygen` in a private temporary directory removed afterwards.
 * Only for a clone whose spec carries no keys of the node's key store (`vm/host-keys.ts`),
 * such as the bench's and the snapshot tests' clones; the node's VMs get their pinned keys.
 *
 * @example const keys = await generateGuestHostKeys("vm-1");
 */
export async function generateGuestHostKeys(hostname: string): Promise<GuestHostKey[]> {
  const dir = await mkdtemp(join(tmpdir(), "golem-hostkeys-"));
  try {
    const keys: GuestHostKey[] = [];
    for (const [name, type] of [
      ["ssh_host_ed25519_key", "ed25519"],
      ["ssh_host_ecdsa_key", "ecdsa"],
    ] as const) {
      const file = join(dir, name);
      await runCommand("ssh-keygen", [
        "-q",
        "-t",
        type,
        "-N",
        "",
        "-C",
        `root@${hostname}`,
        "-f",
        file,
      ]);
      keys.push({
        name,
        privateKey: await readFile(file, "utf8"),
        publicKey: (await readFile(`${file}.pub`, "utf8")).trim(),
      });
    }
    return keys;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
