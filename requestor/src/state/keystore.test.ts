import { isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { describe, expect, it } from "vitest";
import { ethersScrypt, key, specPbkdf2 } from "../../test/support/keystore-vectors.ts";
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
