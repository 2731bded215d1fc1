import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generateOpenSshKeyPair } from "../src/lib/ssh-key.ts";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("web: ed25519 key pair from WebCrypto in OpenSSH formats", () => {
  it("writes a private key file real ssh-keygen reads back to the same public key", async () => {
    const pair = await generateOpenSshKeyPair("golem-web-test");
    expect(pair.publicKey).toMatch(
      /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* golem-web-test$/,
    );
    expect(pair.privateKey.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")).toBe(true);
    const dir = await mkdtemp(path.join(tmpdir(), "web-key-"));
    dirs.push(dir);
    const file = path.join(dir, "id_ed25519");
    await writeFile(file, pair.privateKey, { mode: 0o600 });
    const { stdout } = await run("ssh-keygen", ["-y", "-f", file]);
    expect(stdout.trim().split(" ").slice(0, 2)).toEqual(pair.publicKey.split(" ").slice(0, 2));
    // ssh-keygen -l reads the comment from the private section too.
    const { stdout: fingerprint } = await run("ssh-keygen", ["-l", "-f", file]);
    expect(fingerprint).toMatch(/^256 SHA256:\S+ golem-web-test \(ED25519\)/);
  });

  it("makes a different key each time", async () => {
    const [a, b] = await Promise.all([generateOpenSshKeyPair(), generateOpenSshKeyPair()]);
    expect(a.publicKey).not.toBe(b.publicKey);
  });
});
