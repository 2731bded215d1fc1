import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, runGolem } from "./run-golem.ts";
import { ethersScrypt, hostile, keyAddress } from "./support/keystore-vectors.ts";

// The payment key from an encrypted keystore file instead of the plain key file.
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golem-keystore-"));
  file = join(dir, "key.json");
  await writeFile(file, ethersScrypt, { mode: 0o600 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("golem --keystore", { timeout: 180_000 }, () => {
  it("uses the keystore's key with the password from the environment", async () => {
    const env = {
      GOLEM_REQUESTOR_HOME: join(dir, "home"),
      GOLEM_REQUESTOR_KEYSTORE_PASSWORD: "testpassword",
    };
    const byFlag = jsonOf<{ address: string; keySource: string }>(
      await runGolem(["wallet", "address", "--keystore", file, "--json"], env),
    );
    expect(byFlag).toEqual({ address: keyAddress, keySource: "keystore" });
    const byEnv = jsonOf<{ address: string }>(
      await runGolem(["wallet", "address", "--json"], { ...env, GOLEM_REQUESTOR_KEYSTORE: file }),
    );
    expect(byEnv.address).toBe(keyAddress);
  });

  it("fails with KEYSTORE_INVALID on a wrong or missing password (no terminal to ask)", async () => {
    const home = join(dir, "home2");
    const wrong = await runGolem(["wallet", "address", "--keystore", file], {
      GOLEM_REQUESTOR_HOME: home,
      GOLEM_REQUESTOR_KEYSTORE_PASSWORD: "nope",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `error[KEYSTORE_INVALID]: wrong password for the keystore ${file}\n  hint: check GOLEM_REQUESTOR_KEYSTORE_PASSWORD (or what you typed) and try again\n`,
    );
    const missing = await runGolem(["wallet", "address", "--keystore", file, "--json"], {
      GOLEM_REQUESTOR_HOME: home,
    });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe("KEYSTORE_INVALID");
  });

  it("a hostile keystore cannot make golem burn CPU for hours (KDF parameters capped)", async () => {
    for (const [name, json] of [
      ["pbkdf2.json", hostile("pbkdf2", { c: 2 ** 31 - 1 })],
      ["scrypt.json", hostile("scrypt", { n: 2 ** 14, r: 8, p: 2 ** 20 })],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, json, { mode: 0o600 });
      const started = Date.now();
      const run = await runGolem(
        ["wallet", "address", "--keystore", path, "--json"],
        { GOLEM_REQUESTOR_HOME: join(dir, "home3"), GOLEM_REQUESTOR_KEYSTORE_PASSWORD: "x" },
        // Unfixed, the derivation runs for hours: the child is killed here instead.
        { timeoutMs: 20_000 },
      );
      expect(run.code, run.stderr).toBe(1);
      expect(JSON.parse(run.stdout).error.code).toBe("KEYSTORE_INVALID");
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  });
});
