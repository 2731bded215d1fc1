import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { afterEach, describe, expect, it } from "vitest";
import { ensureSshKey } from "./ssh-key.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("ensureSshKey (real ssh-keygen)", () => {
  it("generates an ed25519 pair once, private key 0600 in a 0700 folder", async () => {
    const home = await mkdtemp(join(tmpdir(), "golem-ssh-"));
    dirs.push(home);
    const first = await ensureSshKey(home);
    expect(first.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ golem-requestor$/);
    expect((await stat(first.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, "ssh"))).mode & 0o777).toBe(0o700);
    expect(await ensureSshKey(home)).toEqual(first);
  });

  it("says what to install when ssh-keygen is missing", async () => {
    const home = await mkdtemp(join(tmpdir(), "golem-ssh-"));
    dirs.push(home);
    const error = await ensureSshKey(home, "no-such-ssh-keygen").catch((e: unknown) => e);
    expect(isGolemError(error, "INTERNAL")).toBe(true);
    expect((error as { hints: string[] }).hints[0]).toMatch(/install OpenSSH/);
  });
});
