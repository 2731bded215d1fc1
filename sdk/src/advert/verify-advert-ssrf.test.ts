import type { PrivateKeyAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { testProvider, testSignedAdvert } from "../../test-support/test-adverts.ts";
import { signedAdvertToJson } from "./advert-schema.ts";
import { advertTypedData } from "./advert-typed-data.ts";
import { ANY_DEPLOYMENT, verifyAdvert } from "./verify-advert.ts";

// A public chain: no private API hosts. The same adverts on the local dev chain (31337) are fine.
const SEPOLIA = 11155111;
const accept = [{ chainId: SEPOLIA }];

/** apiUrls that would turn every reader's probe into a request inside the reader's network. */
const SSRF_URLS = [
  "http://169.254.169.254/", // cloud metadata (link-local)
  "http://10.0.0.1:80/", // private
  "http://[::ffff:127.0.0.1]/", // loopback behind IPv4-mapped IPv6
  "http://[::ffff:a9fe:a9fe]/", // 169.254.169.254 mapped
  "http://127.0.0.1:7466",
  "http://[::1]:7466",
  "http://[fe80::1]/", // IPv6 link-local
  "http://[fd00::1]/", // IPv6 unique local
  "http://0.0.0.0:7466", // unspecified
  "http://[::]:7466",
  "http://224.0.0.1/", // multicast
  "http://192.168.1.10:7466",
  "http://172.16.5.4/",
  "http://203.0.113.7:7466", // documentation range (reserved)
  "http://100.64.0.1/", // carrier-grade NAT
  "http://2130706433/", // 127.0.0.1 as one number
  "http://0x7f.1/", // 127.0.0.1 in hex shorthand
  "http://localhost:7466",
  "http://api.localhost/",
  "http://metadata/", // single-label names resolve through the reader's search domains
  "http://router.lan/",
  "http://printer.local/",
];

/** apiUrls that are not a bare origin: the appended API path would not be what is fetched. */
const NOT_AN_ORIGIN = [
  "http://evil/x#", // "#" turns the appended /api/v1/provider/info into a fragment
  "http://p.example.com/x#",
  "http://p.example.com/#",
  "http://p.example.com/?a=",
  "http://p.example.com/path",
  "http://u:p@p.example.com/",
  "http://user@p.example.com/",
  "http://p.example.com\\@10.0.0.1/",
  "ftp://p.example.com/",
  "http://p.exa\tmple.com/",
];

/** An advert signed with any apiUrl, as an attacker's own code would (signAdvert refuses some). */
async function signedWithApiUrl(signer: PrivateKeyAccount, apiUrl: string, chainId: number) {
  const valid = await testSignedAdvert({ signer, content: { chainId } });
  const signature = await signer.signTypedData(advertTypedData({ ...valid.advert, apiUrl }));
  return { advert: { ...signedAdvertToJson(valid).advert, apiUrl }, signature };
}

describe("advert apiUrl (SSRF through discovery)", () => {
  it("refuses adverts whose apiUrl points inside the reader's network, on a non-dev chain", async () => {
    const signer = testProvider();
    for (const apiUrl of SSRF_URLS) {
      const signed = await testSignedAdvert({ signer, content: { apiUrl, chainId: SEPOLIA } });
      const result = await verifyAdvert(signed, { accept });
      expect(result.ok, apiUrl).toBe(false);
      if (!result.ok) expect(result.reason, apiUrl).toBe("BAD_API_URL");
      // A market-wide listing reads every chain: a dev chain id must not unlock private hosts there.
      const dev = await testSignedAdvert({ signer, content: { apiUrl, chainId: 31337 } });
      expect((await verifyAdvert(dev, { accept: ANY_DEPLOYMENT })).ok, apiUrl).toBe(false);
    }
  });

  it("refuses adverts whose apiUrl is not a bare http(s) origin, on every chain", async () => {
    const signer = testProvider();
    for (const apiUrl of NOT_AN_ORIGIN) {
      for (const chainId of [SEPOLIA, 31337]) {
        const signed = await signedWithApiUrl(signer, apiUrl, chainId);
        const result = await verifyAdvert(signed, { accept: [{ chainId }] });
        expect(result.ok, `${apiUrl} on ${chainId}`).toBe(false);
        // ftp: fails the schema (MALFORMED); the schema strips the tab, so the signed text no longer
        // matches (BAD_SIGNATURE); everything else is refused for its URL.
        if (!result.ok) {
          expect(["BAD_API_URL", "MALFORMED", "BAD_SIGNATURE"], apiUrl).toContain(result.reason);
          if (!/^ftp:|\t/.test(apiUrl)) expect(result.reason, apiUrl).toBe("BAD_API_URL");
        }
      }
    }
  });

  it("accepts public origins, and private hosts only on a dev chain or with the dev flag", async () => {
    const signer = testProvider();
    const control = await signedWithApiUrl(signer, "https://p.example.com", SEPOLIA);
    expect((await verifyAdvert(control, { accept })).ok).toBe(true); // the helper signs correctly
    for (const apiUrl of [
      "https://p.example.com",
      "https://p.example.com/",
      "http://p.example.com:7466",
      "http://93.184.215.14:7466",
      "http://8.8.8.8:7466",
      "http://[2001:4860::8888]:7466",
    ]) {
      const signed = await testSignedAdvert({ signer, content: { apiUrl, chainId: SEPOLIA } });
      const result = await verifyAdvert(signed, { accept });
      expect(result.ok, `${apiUrl}: ${result.ok ? "" : result.message}`).toBe(true);
    }
    for (const chainId of [31337, 1337]) {
      const local = await testSignedAdvert({
        signer,
        content: { apiUrl: "http://127.0.0.1:7466", chainId },
      });
      expect((await verifyAdvert(local, { accept: [{ chainId }] })).ok).toBe(true);
    }
    const flagged = await testSignedAdvert({
      signer,
      content: { apiUrl: "http://10.0.0.1:7466", chainId: SEPOLIA },
    });
    expect((await verifyAdvert(flagged, { accept, allowPrivateApiUrls: true })).ok).toBe(true);
  });
});
