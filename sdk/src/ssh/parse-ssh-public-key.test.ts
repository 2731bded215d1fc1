import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSshPublicKey } from "./parse-ssh-public-key.ts";

// Real keys from the system ssh-keygen, of every common type.
const run = promisify(execFile);
let dir: string;
const keys: Record<string, { publicKey: string; privateKey: string }> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssh-parse-"));
  for (const [type, bits] of [
    ["ed25519", []],
    ["ecdsa", ["-b", "384"]],
    ["rsa", ["-b", "2048"]],
  ] as const) {
    const file = join(dir, `id_${type}`);
    await run("ssh-keygen", ["-q", "-t", type, ...bits, "-N", "", "-C", "me@laptop", "-f", file]);
    keys[type] = {
      publicKey: await readFile(`${file}.pub`, "utf8"),
      privateKey: await readFile(file, "utf8"),
    };
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseSshPublicKey", () => {
  it("reads the .pub files ssh-keygen writes", () => {
    for (const [type, { publicKey }] of Object.entries(keys)) {
      const parsed = parseSshPublicKey(publicKey);
      expect(parsed.ok, type).toBe(true);
      if (parsed.ok) {
        expect(parsed.key.line).toBe(publicKey.trim());
        expect(parsed.key.comment).toBe("me@laptop");
      }
    }
    expect(parseSshPublicKey(`# my key\n\n${keys.ed25519?.publicKey}`).ok).toBe(true);
  });

  it("tells a private key apart, and never returns its text", () => {
    for (const { privateKey } of Object.values(keys)) {
      expect(parseSshPublicKey(privateKey)).toEqual({ ok: false, problem: "private-key" });
    }
    expect(parseSshPublicKey("-----BEGIN RSA PRIVATE KEY-----\nMIIE…")).toEqual({
      ok: false,
      problem: "private-key",
    });
  });

  it("refuses empty files, several keys, and lines whose blob does not match their type", () => {
    const ed = keys.ed25519?.publicKey.trim() ?? "";
    const rsa = keys.rsa?.publicKey.trim() ?? "";
    expect(parseSshPublicKey("\n# nothing\n")).toEqual({ ok: false, problem: "empty" });
    expect(parseSshPublicKey(`${ed}\n${rsa}\n`)).toEqual({ ok: false, problem: "several-keys" });
    const [, edBlob] = ed.split(" ");
    for (const bad of [
      `ssh-rsa ${edBlob}`, // an ed25519 blob under another type
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey",
      "ssh-ed25519 not-base64!",
      "hello world",
      "ssh-ed25519",
    ]) {
      expect(parseSshPublicKey(bad), bad).toEqual({ ok: false, problem: "malformed" });
    }
  });
});
