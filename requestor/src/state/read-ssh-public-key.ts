import { access, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { parseSshPublicKey } from "@vm-on-golem/sdk/ssh";

/** A public key the user named with `--ssh-key`, and the identity `ssh -i` logs in with. */
export type UserSshKey = {
  /** The absolute path of the `.pub` file. */
  path: string;
  /** Its one key line, installed in the VM. */
  publicKey: string;
  /**
   * What `ssh -i` gets: the private key beside it (the path without `.pub`) when it exists,
   * else the `.pub` file itself, which makes ssh use the matching key held by ssh-agent.
   */
  identityFile: string;
};

const invalid = (message: string, hints: string[], path: string, problem: string) =>
  new GolemError("SSH_KEY_INVALID", message, {
    hints,
    details: { field: "--ssh-key", path, problem },
  });

/**
 * Reads `--ssh-key PATH`: a readable OpenSSH public key file with exactly one key. A private
 * key (a common slip: `~/.ssh/id_ed25519` for `~/.ssh/id_ed25519.pub`) fails with a hint to
 * pass the `.pub`, and its content is never echoed. Fails with `SSH_KEY_INVALID`.
 *
 * @example
 * const key = await readSshPublicKey("~/.ssh/id_ed25519.pub"); // { publicKey: "ssh-ed25519 AAAA…", identityFile: "/home/me/.ssh/id_ed25519", … }
 */
export async function readSshPublicKey(file: string): Promise<UserSshKey> {
  const path = resolve(
    file === "~" || file.startsWith("~/") ? join(homedir(), file.slice(1)) : file,
  );
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "unreadable";
    throw invalid(
      `cannot read the SSH public key file ${path} (${code})`,
      ["pass a readable OpenSSH public key file, e.g. --ssh-key ~/.ssh/id_ed25519.pub"],
      path,
      code,
    );
  }
  const parsed = parseSshPublicKey(text);
  if (!parsed.ok) {
    if (parsed.problem === "private-key") {
      const pub = `${path}.pub`;
      const hasPub = await access(pub).then(
        () => true,
        () => false,
      );
      throw invalid(
        `${path} is a private key; --ssh-key takes the public key, which is installed in the VM`,
        [
          hasPub
            ? `pass its public half: --ssh-key ${pub}`
            : "pass the .pub file beside it (ssh-keygen -y -f KEY > KEY.pub writes one)",
        ],
        path,
        parsed.problem,
      );
    }
    const why = {
      empty: "has no key in it",
      "several-keys": "holds more than one key",
      malformed: "is not an OpenSSH public key",
    }[parsed.problem];
    throw invalid(
      `${path} ${why}`,
      [
        "pass a file with one key line like `ssh-ed25519 AAAA… you@host`, e.g. --ssh-key ~/.ssh/id_ed25519.pub",
        "or make a key pair: ssh-keygen -t ed25519",
      ],
      path,
      parsed.problem,
    );
  }
  const privatePath = path.endsWith(".pub") ? path.slice(0, -4) : undefined;
  const hasPrivate =
    privatePath !== undefined &&
    (await access(privatePath).then(
      () => true,
      () => false,
    ));
  return {
    path,
    publicKey: parsed.key.line,
    identityFile: hasPrivate ? (privatePath as string) : path,
  };
}
