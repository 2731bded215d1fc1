import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sshFingerprintOf } from "../ssh/ssh-fingerprint.ts";
import { sshHostKeySchema } from "./ssh-host-keys.ts";
import { vmViewSchema } from "./vms.ts";

// Real host keys and fingerprints from the system ssh-keygen.
const run = promisify(execFile);
let dir: string;
const keys: Record<string, { publicKey: string; fingerprint: string }> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "host-keys-"));
  for (const type of ["ed25519", "ecdsa", "rsa"]) {
    const file = join(dir, `ssh_host_${type}_key`);
    await run("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "", "-f", file]);
    const printed = (await run("ssh-keygen", ["-l", "-E", "sha256", "-f", `${file}.pub`])).stdout;
    keys[type] = {
      publicKey: (await readFile(`${file}.pub`, "utf8")).trim(),
      fingerprint: printed.split(" ")[1] as string,
    };
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (type: string) => keys[type] as { publicKey: string; fingerprint: string };

describe("sshFingerprintOf", () => {
  it("is the fingerprint ssh-keygen -l prints, for every host key type", () => {
    for (const type of ["ed25519", "ecdsa", "rsa"]) {
      const { publicKey, fingerprint } = key(type);
      expect(sshFingerprintOf(publicKey.split(" ")[1] as string)).toBe(fingerprint);
    }
  });
});

describe("sshHostKeySchema", () => {
  it("takes a host key line with its own fingerprint", () => {
    for (const type of ["ed25519", "ecdsa", "rsa"]) {
      expect(sshHostKeySchema.parse(key(type))).toEqual(key(type));
    }
  });

  it("refuses a fingerprint of another key, so a page never shows one it did not check", () => {
    const result = sshHostKeySchema.safeParse({
      publicKey: key("ed25519").publicKey,
      fingerprint: key("ecdsa").fingerprint,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["fingerprint"]);
  });

  it("refuses lines that are not one bare host key: comments, two keys, junk, user key types", () => {
    const ed = key("ed25519");
    const bad = [
      `${ed.publicKey} root@evil`,
      `${ed.publicKey}\n${key("rsa").publicKey}`,
      "ssh-ed25519 AAAA",
      `sk-ssh-ed25519@openssh.com ${ed.publicKey.split(" ")[1]}`,
      "",
    ];
    for (const publicKey of bad) {
      expect(sshHostKeySchema.safeParse({ publicKey, fingerprint: ed.fingerprint }).success).toBe(
        false,
      );
    }
  });
});

describe("the VM view's sshHostKeys", () => {
  const view = {
    id: "vm-1",
    name: "web",
    status: "running",
    resources: { cpu: 1, memoryGiB: 1, storageGiB: 10 },
    sshPort: 22800,
    publishedPorts: [],
    streamId: null,
    error: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };

  it("carries the pinned keys, null for a VM made before pinning, nothing from an older provider", () => {
    expect(vmViewSchema.parse({ ...view, sshHostKeys: [key("ed25519")] }).sshHostKeys).toEqual([
      key("ed25519"),
    ]);
    expect(vmViewSchema.parse({ ...view, sshHostKeys: null }).sshHostKeys).toBeNull();
    expect(vmViewSchema.parse(view).sshHostKeys).toBeUndefined();
  });

  it("refuses an empty list and a key whose fingerprint does not match", () => {
    expect(vmViewSchema.safeParse({ ...view, sshHostKeys: [] }).success).toBe(false);
    const forged = { publicKey: key("ed25519").publicKey, fingerprint: key("rsa").fingerprint };
    expect(vmViewSchema.safeParse({ ...view, sshHostKeys: [forged] }).success).toBe(false);
  });
});
