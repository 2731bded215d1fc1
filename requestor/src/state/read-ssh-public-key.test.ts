import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSshPublicKey } from "./read-ssh-public-key.ts";

// Real key files from the system ssh-keygen.
const run = promisify(execFile);
let dir: string;
let privateKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssh-key-"));
  privateKey = join(dir, "id_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "me@laptop", "-f", privateKey]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readSshPublicKey (--ssh-key)", () => {
  it("reads a .pub file; ssh logs in with the private key beside it", async () => {
    const key = await readSshPublicKey(`${privateKey}.pub`);
    expect(key).toEqual({
      path: `${privateKey}.pub`,
      publicKey: (await readFile(`${privateKey}.pub`, "utf8")).trim(),
      identityFile: privateKey,
    });
  });

  it("a .pub alone (its private key in ssh-agent) is the identity itself", async () => {
    const alone = join(dir, "agent-only.pub");
    await copyFile(`${privateKey}.pub`, alone);
    expect((await readSshPublicKey(alone)).identityFile).toBe(alone);
  });

  it("a private key is SSH_KEY_INVALID with a hint to pass the .pub, and its content is never echoed", async () => {
    const error = await golemRejection(readSshPublicKey(privateKey));
    expect(error.code).toBe("SSH_KEY_INVALID");
    expect(error.message).toBe(
      `${privateKey} is a private key; --ssh-key takes the public key, which is installed in the VM`,
    );
    expect(error.hints).toEqual([`pass its public half: --ssh-key ${privateKey}.pub`]);
    const secret = (await readFile(privateKey, "utf8")).split("\n")[1] ?? "";
    expect(JSON.stringify(error.toJSON())).not.toContain(secret.slice(0, 20));
    expect(JSON.stringify(error.toJSON())).not.toContain("PRIVATE KEY");
    // Without a .pub beside it, the hint says how to write one.
    const lone = join(dir, "lone_key");
    await copyFile(privateKey, lone);
    expect((await golemRejection(readSshPublicKey(lone))).hints[0]).toMatch(/ssh-keygen -y -f/);
  });

  it("a missing file, an empty one, two keys or junk are SSH_KEY_INVALID naming the file", async () => {
    const missing = await golemRejection(readSshPublicKey(join(dir, "nope.pub")));
    expect(missing.code).toBe("SSH_KEY_INVALID");
    expect(missing.message).toBe(
      `cannot read the SSH public key file ${join(dir, "nope.pub")} (ENOENT)`,
    );
    const line = (await readFile(`${privateKey}.pub`, "utf8")).trim();
    for (const [name, text, why] of [
      ["empty.pub", "\n", "has no key in it"],
      ["two.pub", `${line}\n${line}\n`, "holds more than one key"],
      ["junk.pub", "hello world\n", "is not an OpenSSH public key"],
    ] as const) {
      const file = join(dir, name);
      await writeFile(file, text);
      const error = await golemRejection(readSshPublicKey(file));
      expect(error.code).toBe("SSH_KEY_INVALID");
      expect(error.message).toBe(`${file} ${why}`);
      expect(error.details).toMatchObject({ field: "--ssh-key", path: file });
    }
  });
});
