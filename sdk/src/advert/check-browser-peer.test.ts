import { describe, expect, it } from "vitest";
import { checkBrowserPeer } from "./check-browser-peer.ts";

const peer = "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf";
const certhash = "uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g";

describe("checkBrowserPeer", () => {
  it("accepts webrtc-direct with a certhash, wss anywhere and ws on loopback", () => {
    for (const address of [
      `/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/${certhash}/p2p/${peer}`,
      `/dns4/boot.example/tcp/443/wss/p2p/${peer}`,
      `/ip4/127.0.0.1/tcp/7468/ws/p2p/${peer}`,
      `/ip6/::1/tcp/7468/ws/p2p/${peer}`,
    ]) {
      expect(checkBrowserPeer(address), address).toBeUndefined();
    }
  });

  it("says why a page cannot use the rest", () => {
    expect(checkBrowserPeer(`/ip4/203.0.113.7/tcp/7468/ws/p2p/${peer}`)).toBe(
      "plain ws:// is for loopback development only",
    );
    expect(checkBrowserPeer(`/ip4/203.0.113.7/udp/7469/webrtc-direct/p2p/${peer}`)).toBe(
      "a webrtc-direct address needs its /certhash/",
    );
    expect(checkBrowserPeer(`/ip4/203.0.113.7/tcp/7467/p2p/${peer}`)).toBe(
      "browsers dial webrtc-direct (or wss) only",
    );
    expect(checkBrowserPeer(`/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/${certhash}`)).toBe(
      "does not end in /p2p/<peer id>",
    );
    expect(checkBrowserPeer("203.0.113.7:7469")).toBe("not a multiaddr");
  });
});
