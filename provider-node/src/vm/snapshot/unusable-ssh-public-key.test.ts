import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildUserData } from "../cloud-config.ts";
import { unusableSshPublicKey } from "./unusable-ssh-public-key.ts";

describe("unusableSshPublicKey", () => {
  it("is an OpenSSH Ed25519 public key line that ssh-keygen reads, new on every call", () => {
    const line = unusableSshPublicKey();
    expect(line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} golem-snapshot$/);
    expect(unusableSshPublicKey()).not.toBe(line);
    expect(() => buildUserData({ sshPublicKey: line })).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), "golem-key-"));
    try {
      writeFileSync(join(dir, "key.pub"), `${line}\n`);
      const fingerprint = execFileSync("ssh-keygen", ["-l", "-f", join(dir, "key.pub")], {
        encoding: "utf8",
      });
      expect(fingerprint).toMatch(/^256 SHA256:\S+ golem-snapshot \(ED25519\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
