import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseVmId } from "./driver.ts";
import { createHostKeyStore } from "./host-keys.ts";
import { isVmError } from "./vm-error.ts";

const run = promisify(execFile);
const id = parseVmId("vm-0123456789ab");
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "host-keys-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createHostKeyStore (real ssh-keygen)", () => {
  it("makes an ed25519 host key owner-only and shows its public half with ssh-keygen's fingerprint", async () => {
    const store = createHostKeyStore({ dir: join(dir, "host-keys") });
    const shown = await store.generate(id);
    expect(shown.map((k) => k.publicKey.split(" ")[0])).toEqual([
      "ssh-ed25519",
      "ecdsa-sha2-nistp256",
    ]);
    const [key] = shown as [(typeof shown)[0]];
    expect(key.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=*$/);
    const vmDir = join(dir, "host-keys", id);
    expect((await stat(join(dir, "host-keys"))).mode & 0o777).toBe(0o700);
    expect((await stat(vmDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(vmDir, "ssh_host_ed25519_key"))).mode & 0o777).toBe(0o600);
    const printed = await run("ssh-keygen", [
      "-l",
      "-E",
      "sha256",
      "-f",
      join(vmDir, "ssh_host_ed25519_key"),
    ]);
    expect(printed.stdout.split(" ")[1]).toBe(key.fingerprint);
    expect(await store.publicKeys(id)).toEqual(shown);
  });

  it("gives the private key that belongs to the public one, for the guest", async () => {
    const store = createHostKeyStore({ dir });
    const [shown] = await store.generate(id);
    const [pair] = (await store.privateKeys(id)) ?? [];
    expect(pair?.type).toBe("ed25519");
    expect(pair?.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(pair?.publicKey).toBe(shown?.publicKey);
    // ssh-keygen -y derives the public key from the private file: it must be the one shown.
    const file = join(dir, "copy");
    await writeFile(file, pair?.privateKey ?? "", { mode: 0o600 });
    const derived = await run("ssh-keygen", ["-y", "-f", file]);
    expect(derived.stdout.trim().split(" ").slice(0, 2).join(" ")).toBe(shown?.publicKey);
  });

  it("makes new keys on each generate (a fresh identity) and leaves no staging folders", async () => {
    const store = createHostKeyStore({ dir });
    const first = await store.generate(id);
    const second = await store.generate(id);
    expect(second[0]?.publicKey).not.toBe(first[0]?.publicKey);
    expect(await readdir(dir)).toEqual([id]);
  });

  it("knows no keys of a VM it never made keys for, and forgets removed ones", async () => {
    const store = createHostKeyStore({ dir });
    expect(await store.publicKeys(id)).toBeUndefined();
    expect(await store.privateKeys(id)).toBeUndefined();
    await store.generate(id);
    await store.remove(id);
    expect(await store.publicKeys(id)).toBeUndefined();
    await store.remove(id);
  });

  it("fails with DRIVER_UNAVAILABLE and a hint when ssh-keygen is missing, leaving nothing behind", async () => {
    const store = createHostKeyStore({ dir, keygen: "no-such-ssh-keygen" });
    const error = await store.generate(id).catch((e: unknown) => e);
    expect(isVmError(error, "DRIVER_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toBe("could not make SSH host keys with no-such-ssh-keygen");
    expect(await readdir(dir)).toEqual([]);
  });
});
