/**
 * Gossip in the page over WebRTC-direct: a real local chain and contracts, a real `golem-provider`
 * daemon with payments on (the TEST-ONLY fake process driver: no VM is made here) listening on
 * TCP, WebSockets and WebRTC-direct, the dapp under `next start` given only the daemon's
 * webrtc-direct address (with its certhash) as bootstrap peer and no advert API URL, and headless
 * Debian Chromium. The providers page must list the provider from an advert it verified itself,
 * connected over WebRTC-direct, and the browser must open no WebSocket at all.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { type RentStack, startRentStack } from "./rent-stack.ts";

let stack: RentStack;
let browser: Browser;
let fakeDir: string;
const serverLog: string[] = [];

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  fakeDir = await mkdtemp(path.join(tmpdir(), "vmgf-"));
  stack = await startRentStack(
    (line) => serverLog.push(line),
    { GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir },
    { peers: "webrtc-direct", apiUrls: false },
  );
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (fakeDir) {
    await killFakeGuests(fakeDir).catch(() => undefined);
    await rm(fakeDir, { recursive: true, force: true });
  }
}, 120_000);

describe("the providers page joins gossip over WebRTC-direct", () => {
  it("lists the provider's verified advert with no ws:// connection in the browser", async () => {
    expect(stack.bootstrapPeers.length).toBeGreaterThan(0);
    for (const peer of stack.bootstrapPeers) {
      expect(peer).toMatch(/\/udp\/\d+\/webrtc-direct\/certhash\/u[\w-]+\/p2p\/12D3Koo\w+$/);
    }
    const { page, problems } = await openPage(browser);
    const webSockets: string[] = [];
    const requests: string[] = [];
    page.on("websocket", (ws) => webSockets.push(ws.url()));
    page.on("request", (req) => requests.push(req.url()));
    try {
      await page.goto(`${stack.server.url}/providers`);
      await page.locator("[data-testid=provider-row]").first().waitFor({ timeout: 60_000 });
    } catch (err) {
      await shot(page, "failed-gossip-webrtc");
      throw new Error(
        `${String(err)}\nproblems: ${problems.join("\n")}\nserver: ${serverLog.slice(-20).join("\n")}`,
      );
    }
    const status = page.locator("[data-testid=gossip-status]");
    await expect.poll(() => status.getAttribute("data-adverts"), { timeout: 10_000 }).toBe("1");
    expect(await status.getAttribute("data-transports")).toBe("webrtc-direct");
    expect(await page.locator("[data-testid=provider-row]").count()).toBe(1);
    await shot(page, "gossip-webrtc");

    expect(webSockets).toEqual([]);
    expect(requests.filter((url) => /^wss?:/.test(url))).toEqual([]);
    // The adverts came from gossip: nothing asked the daemon's advert endpoint.
    expect(requests.filter((url) => url.includes("/api/v1/adverts"))).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
