import { execFile } from "node:child_process";
import { access, chmod, mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** The requestor's SSH key pair on disk. */
export type SshKeyPair = {
  /** Private key file (mode 0600). */
  privateKeyPath: string;
  /** One OpenSSH public key line, e.g. `ssh-ed25519 AAAA… golem-requestor`. */
  publicKey: string;
};

const run = promisify(execFile);

/**
 * The ed25519 key pair in `<home>/ssh/id_ed25519`, generated with `ssh-keygen` on first use.
 *
 * @example
 * const { privateKeyPath, publicKey } = await ensureSshKey(config.home);
 */
export async function ensureSshKey(home: string, keygen = "ssh-keygen"): Promise<SshKeyPair> {
  const dir = join(home, "ssh");
  const privateKeyPath = join(dir, "id_ed25519");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const exists = await access(privateKeyPath).then(
    () => true,
    () => false,
  );
  if (!exists) {
    try {
      await run(keygen, [
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "golem-requestor",
        "-f",
        privateKeyPath,
      ]);
    } catch (cause) {
      throw new GolemError("INTERNAL", `could not generate an SSH key with ${keygen}`, {
        hints: ["install OpenSSH (ssh-keygen), e.g. `apt-get install openssh-client`"],
        details: { path: privateKeyPath },
        cause,
      });
    }
  }
  await chmod(privateKeyPath, 0o600);
  const publicKey = (await readFile(`${privateKeyPath}.pub`, "utf8")).trim();
  return { privateKeyPath, publicKey };
}

/**
 * The file holding one VM's SSH host keys, `<home>/ssh/known_hosts.d/<name>` (its folder is
 * created). A destroyed VM's file is removed, so a new VM with the same name or port is trusted
 * on first use again instead of being refused.
 *
 * @example
 * sshArgs({ vm, keyPath, user, knownHostsFile: await knownHostsFile(home, "web-1") });
 */
export async function knownHostsFile(home: string, name: string): Promise<string> {
  const dir = join(home, "ssh", "known_hosts.d");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return join(dir, name);
}

/** Forgets a VM's host keys (on destroy and before a new VM takes the name). */
export async function forgetHostKeys(home: string, name: string): Promise<void> {
  await rm(join(home, "ssh", "known_hosts.d", name), { force: true });
}

/**
 * The identity `ssh -i` uses for a VM: the one `vm create --ssh-key` recorded, else the
 * requestor's own key pair (generated on first use).
 *
 * @example
 * sshArgs({ vm, keyPath: await identityFileFor(config.home, vm), user });
 */
export async function identityFileFor(
  home: string,
  vm: { sshKeyPath?: string | null | undefined },
): Promise<string> {
  return vm.sshKeyPath ?? (await ensureSshKey(home)).privateKeyPath;
}
