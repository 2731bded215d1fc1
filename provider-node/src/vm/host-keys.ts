import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseSshPublicKey, sshFingerprintOf } from "@vm-on-golem/sdk/ssh";
import type { VmId } from "./driver.ts";
import { runCommand } from "./run-command.ts";
import { VmError } from "./vm-error.ts";

/**
 * Host key types the provider makes for every VM: ed25519 (small, fast, what clients pick) and
 * ECDSA P-256 (for clients without ed25519), the two a cloud-init guest makes by itself and the
 * two the guest agent of a VM restored from a snapshot installs. All of them are pinned.
 */
export const hostKeyTypes = ["ed25519", "ecdsa"] as const;

/** A host key type the provider makes, as `ssh-keygen -t` and cloud-init's `ssh_keys` name it. */
export type HostKeyType = (typeof hostKeyTypes)[number];

/** The public half of one VM host key, as the API shows it. */
export type HostPublicKey = {
  /** `ssh-ed25519 AAAA…`: type and base64 key, no comment. */
  publicKey: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
};

/** One VM host key pair, to give to the guest (cloud-init's `ssh_keys`, or a guest agent). */
export type HostKeyPair = {
  type: HostKeyType;
  /** The private key file's text (OpenSSH format). Never log it. */
  privateKey: string;
  /** The public key line, as in {@link HostPublicKey}. */
  publicKey: string;
};

const fileOf = (type: HostKeyType) => `ssh_host_${type}_key`;

/**
 * The SSH host keys of the node's VMs, one directory per VM under `dir` (`<dir>/<vmId>/`, mode
 * 0700, private key files 0600, as the guest's `/etc/ssh` holds them). The node makes them when
 * it creates a VM, gives them to the guest, and shows the public half to the VM's owner, who pins
 * it instead of trusting the first key it sees.
 *
 * @example
 * const hostKeys = createHostKeyStore({ dir: join(dataDir, "host-keys") });
 * const shown = await hostKeys.generate(vmId); // [{ publicKey: "ssh-ed25519 AAAA…", fingerprint: "SHA256:…" }]
 * const pairs = await hostKeys.privateKeys(vmId); // for the seed
 */
export function createHostKeyStore(parameters: { dir: string; keygen?: string }) {
  const keygen = parameters.keygen ?? "ssh-keygen";
  const dirOf = (id: VmId) => join(parameters.dir, id);

  const readPairs = async (id: VmId): Promise<HostKeyPair[] | undefined> => {
    const dir = dirOf(id);
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    const pairs: HostKeyPair[] = [];
    for (const type of hostKeyTypes) {
      if (!entries.includes(fileOf(type))) continue;
      pairs.push({
        type,
        privateKey: await readFile(join(dir, fileOf(type)), "utf8"),
        publicKey: publicLineOf(await readFile(join(dir, `${fileOf(type)}.pub`), "utf8")),
      });
    }
    return pairs.length === 0 ? undefined : pairs;
  };

  return {
    /**
     * Makes fresh host keys for VM `id` (every type of {@link hostKeyTypes}) with `ssh-keygen`,
     * replacing any it had, and returns their public half. The keys appear all at once (made in a
     * temporary directory, then renamed into place). Fails with `DRIVER_UNAVAILABLE` when
     * ssh-keygen is missing.
     */
    async generate(id: VmId): Promise<HostPublicKey[]> {
      await mkdir(parameters.dir, { recursive: true, mode: 0o700 });
      await chmod(parameters.dir, 0o700);
      const staging = await mkdtemp(join(parameters.dir, `.${id}-`));
      try {
        for (const type of hostKeyTypes) {
          const file = join(staging, fileOf(type));
          await runCommand(keygen, ["-q", "-t", type, "-N", "", "-C", "", "-f", file], {
            timeoutMs: 30_000,
          }).catch((cause) => {
            throw new VmError("DRIVER_UNAVAILABLE", `could not make SSH host keys with ${keygen}`, {
              hints: [
                "Install OpenSSH's ssh-keygen on the provider host (apt-get install openssh-client).",
              ],
              cause,
            });
          });
          await chmod(file, 0o600);
        }
        await rm(dirOf(id), { recursive: true, force: true });
        await rename(staging, dirOf(id));
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      return (await this.publicKeys(id)) ?? [];
    },

    /** The public half of VM `id`'s host keys; undefined when it has none (made before pinning). */
    async publicKeys(id: VmId): Promise<HostPublicKey[] | undefined> {
      return (await readPairs(id))?.map(({ publicKey }) => publicKeyOf(publicKey));
    },

    /** VM `id`'s host key pairs, to give to its guest; undefined when it has none. */
    privateKeys: readPairs,

    /** Forgets VM `id`'s host keys (when the VM is destroyed); no-op when it has none. */
    async remove(id: VmId): Promise<void> {
      await rm(dirOf(id), { recursive: true, force: true });
    },
  };
}

/** The store returned by {@link createHostKeyStore}. */
export type HostKeyStore = ReturnType<typeof createHostKeyStore>;

/** A public key line and its fingerprint, from `type base64` as {@link HostKeyPair} holds it. */
export function publicKeyOf(line: string): HostPublicKey {
  const blob = line.split(" ")[1] ?? "";
  return { publicKey: line, fingerprint: sshFingerprintOf(blob) };
}

/** The `.pub` file's text as `type base64` (comment dropped), checked to be one key. */
function publicLineOf(text: string): string {
  const parsed = parseSshPublicKey(text);
  if (!parsed.ok) {
    throw new VmError("VM_INVALID_SPEC", `a stored SSH host public key is ${parsed.problem}`);
  }
  return `${parsed.key.type} ${parsed.key.blob}`;
}
