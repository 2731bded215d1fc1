import { isGolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import { ethersScrypt, hostile, key, specPbkdf2 } from "../../test/support/keystore-vectors.ts";
import { decryptKeystore } from "./keystore.ts";

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
};

describe("decryptKeystore", () => {
  it("decrypts the spec's pbkdf2 vector", async () => {
    expect(await decryptKeystore(specPbkdf2, "testpassword", "spec.json")).toBe(key);
  });
  it("decrypts an ethers scrypt keystore", async () => {
    expect(await decryptKeystore(ethersScrypt, "testpassword", "ethers.json")).toBe(key);
  });
  it("refuses a wrong password without showing the key", async () => {
    const error = await failure(decryptKeystore(ethersScrypt, "nope", "ethers.json"));
    expect(isGolemError(error, "KEYSTORE_INVALID")).toBe(true);
    expect((error as Error).message).toBe("wrong password for the keystore ethers.json");
  });
  it("refuses a file that is no keystore", async () => {
    const error = await failure(decryptKeystore('{"version":1}', "x", "bad.json"));
    expect(isGolemError(error, "KEYSTORE_INVALID")).toBe(true);
  });
});

describe("a hostile keystore cannot make the CLI burn CPU or memory", () => {
  it.each([
    ["pbkdf2 with 2^31-1 iterations (hours of CPU)", hostile("pbkdf2", { c: 2 ** 31 - 1 })],
    ["scrypt N=2^31 (terabytes of memory)", hostile("scrypt", { n: 2 ** 31, r: 8, p: 1 })],
    [
      "scrypt p=2^20 (hours of CPU in little memory)",
      hostile("scrypt", { n: 2 ** 14, r: 8, p: 2 ** 20 }),
    ],
    ["scrypt r=2^20", hostile("scrypt", { n: 2 ** 10, r: 2 ** 20, p: 1 })],
    ["scrypt N=2^20, r=16 (2 GiB)", hostile("scrypt", { n: 2 ** 20, r: 16, p: 1 })],
    ["a 1 MB derived key", hostile("scrypt", { n: 1024, r: 8, p: 1, dklen: 1_000_000 })],
  ])("%s is refused at once with KEYSTORE_INVALID", async (_what, json) => {
    const started = performance.now();
    const error = await failure(decryptKeystore(json, "testpassword", "hostile.json"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(isGolemError(error, "KEYSTORE_INVALID")).toBe(true);
  });
  it("names the parameters and the limits in the error", async () => {
    const error = await failure(
      decryptKeystore(hostile("pbkdf2", { c: 2 ** 31 - 1 }), "x", "hostile.json"),
    );
    expect((error as Error).message).toBe(
      "the keystore hostile.json asks for pbkdf2 with c=2147483647 iterations; this CLI refuses such costly key derivation",
    );
    expect((error as { hints: string[] }).hints.join(" ")).toContain("N=262144, r=8, p=1");
  });
  it("refuses scrypt N that is not a power of two instead of failing inside node", async () => {
    const error = await failure(
      decryptKeystore(hostile("scrypt", { n: 1000, r: 8, p: 1 }), "x", "k.json"),
    );
    expect(isGolemError(error, "KEYSTORE_INVALID")).toBe(true);
  });
  it("still opens the common defaults' neighbours (geth light: N=4096, p=6)", async () => {
    // A wrong MAC, not a refusal: the derivation ran.
    const error = await failure(
      decryptKeystore(hostile("scrypt", { n: 4096, r: 8, p: 6 }), "testpassword", "light.json"),
    );
    expect((error as Error).message).toBe("wrong password for the keystore light.json");
  });
});
