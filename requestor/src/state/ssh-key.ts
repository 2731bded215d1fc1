import { execFile } from "node:child_process";
import { access, chmod, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";

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
