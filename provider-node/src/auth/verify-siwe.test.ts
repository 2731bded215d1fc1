import { golemRejection } from "@vm-on-golem/sdk/errors";
import { describe, expect, test } from "vitest";
import { randomAccount, signSiwe } from "../../test/support/siwe.ts";
import { openDatabase } from "../state/open-database.ts";
import { createNonceStore } from "./nonce-store.ts";
import { verifySiwe } from "./verify-siwe.ts";

const domain = "provider.test:7466";
const chainId = 31_337;

function setup() {
  const nonces = createNonceStore(openDatabase(":memory:"));
  const account = randomAccount();
  return { nonces, account, nonce: nonces.issue(300).nonce };
}

describe("verifySiwe", () => {
  test("accepts a message signed by its address and returns the address lowercase", async () => {
    const { nonces, account, nonce } = setup();
    const signed = await signSiwe({ account, domain, nonce, chainId });
    expect(await verifySiwe({ ...signed, domains: [domain], chainId, nonces })).toBe(
      account.address.toLowerCase(),
    );
  });

  test("accepts an https uri on its domain (TLS may end in front of the node)", async () => {
    const { nonces, account, nonce } = setup();
    const signed = await signSiwe({ account, domain, nonce, chainId, uri: `https://${domain}` });
    expect(await verifySiwe({ ...signed, domains: [domain], chainId, nonces })).toBe(
      account.address.toLowerCase(),
    );
  });

  test("accepts a nonce once", async () => {
    const { nonces, account, nonce } = setup();
    const signed = await signSiwe({ account, domain, nonce, chainId });
    await verifySiwe({ ...signed, domains: [domain], chainId, nonces });
    const again = await golemRejection(
      verifySiwe({ ...signed, domains: [domain], chainId, nonces }),
    );
    expect(again.code).toBe("SIWE_INVALID");
    expect(again.message).toBe("the nonce was already used");
  });

  test.each([
    ["another domain", { domain: "evil.test" }, /is for evil.test, not this provider/],
    [
      "a uri elsewhere",
      { uri: "http://evil.test" },
      /uri http:\/\/evil.test is not this provider's/,
    ],
    [
      "a uri with a path",
      { uri: `http://${domain}/elsewhere` },
      /uri http:\/\/provider.test:7466\/elsewhere is not/,
    ],
    ["another chain", { chainId: 1 }, /names chain 1; this provider signs in on chain 31337/],
    ["an unknown nonce", { nonce: "abcdefgh12345678" }, /was not issued by this provider/],
    [
      "an expired message",
      { expirationTime: new Date(Date.now() - 1000) },
      /expired or is not valid yet/,
    ],
    [
      "a message not valid yet",
      { notBefore: new Date(Date.now() + 60_000) },
      /expired or is not valid yet/,
    ],
  ])("refuses %s", async (_name, override, message) => {
    const { nonces, account, nonce } = setup();
    const signed = await signSiwe({ account, domain, nonce, chainId, ...override });
    const error = await golemRejection(
      verifySiwe({ ...signed, domains: [domain], chainId, nonces }),
    );
    expect(error.code).toBe("SIWE_INVALID");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(message);
  });

  test("refuses a signature by another key and keeps the nonce for the real signer", async () => {
    const { nonces, account, nonce } = setup();
    const signed = await signSiwe({ account, domain, nonce, chainId });
    const forged = await signSiwe({ account: randomAccount(), domain, nonce, chainId });
    const error = await golemRejection(
      verifySiwe({
        message: signed.message,
        signature: forged.signature,
        domains: [domain],
        chainId,
        nonces,
      }),
    );
    expect(error.message).toMatch(/is not 0x[0-9a-fA-F]{40}'s signature/);
    expect(await verifySiwe({ ...signed, domains: [domain], chainId, nonces })).toBe(
      account.address.toLowerCase(),
    );
  });

  test("refuses text that is not a SIWE message, and an expired nonce", async () => {
    const { nonces, account } = setup();
    const junk = await golemRejection(
      verifySiwe({ message: "hello", signature: "0x00", domains: [domain], chainId, nonces }),
    );
    expect(junk.message).toBe("the message is not an EIP-4361 sign-in message");

    let now = 1_000_000;
    const timed = createNonceStore(openDatabase(":memory:"), () => now);
    const { nonce } = timed.issue(10);
    now += 11_000;
    const signed = await signSiwe({ account, domain, nonce, chainId });
    const late = await golemRejection(
      verifySiwe({ ...signed, domains: [domain], chainId, nonces: timed }),
    );
    expect(late.message).toBe("the nonce has expired");
  });
});
