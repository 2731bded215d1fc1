import { describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { chooseProviderTransport, HTTP_OVER_LIBP2P_PROTOCOL } from "./choose-provider-transport.ts";

const publicHttp = { apiUrl: "http://93.184.216.34:7466", chainId: 1, libp2pApi: undefined };
const offering = { ...publicHttp, libp2pApi: HTTP_OVER_LIBP2P_PROTOCOL };

describe("chooseProviderTransport", () => {
  it("takes libp2p whenever the advert offers it, unless plain HTTP is asked", () => {
    expect(chooseProviderTransport(offering)).toBe("libp2p");
    expect(chooseProviderTransport(offering, "libp2p")).toBe("libp2p");
    expect(chooseProviderTransport(offering, "http")).toBe("http");
  });

  it("takes plain HTTP by itself only to a loopback/private host or on a dev chain", () => {
    expect(chooseProviderTransport({ ...publicHttp, apiUrl: "http://127.0.0.1:7466" })).toBe(
      "http",
    );
    expect(chooseProviderTransport({ ...publicHttp, apiUrl: "http://10.0.0.5:7466" })).toBe("http");
    expect(chooseProviderTransport({ ...publicHttp, chainId: 31337 })).toBe("http");
    expect(chooseProviderTransport(publicHttp, "http")).toBe("http");
  });

  it("refuses plain HTTP to a public host unless asked, and libp2p when not offered", async () => {
    const auto = await golemRejection(
      Promise.resolve().then(() => chooseProviderTransport(publicHttp)),
    );
    expect(auto.code).toBe("PROVIDER_TRANSPORT_UNAVAILABLE");
    expect(auto.hints[0]).toMatch(/providerTransport/);
    // A protocol this client does not speak is not an offer.
    const other = { ...publicHttp, libp2pApi: "/http/2" };
    await expect(
      golemRejection(Promise.resolve().then(() => chooseProviderTransport(other, "libp2p"))),
    ).resolves.toMatchObject({ code: "PROVIDER_TRANSPORT_UNAVAILABLE" });
  });
});
