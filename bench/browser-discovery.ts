/**
 * Page load to the first verified provider listed, in headless Debian Chromium: the dapp's
 * providers page bootstrapped over WebRTC-direct (the default path, usable from an https origin)
 * against the same page bootstrapped over WebSockets on loopback (the old path, dev only), both
 * from one provider daemon (payments on, the TEST-ONLY fake driver: no VM is made) in one run,
 * alternating, each load in a fresh browser context. Prints medians, then as its last line one
 * JSON object.
 *
 * @example node bench/browser-discovery.ts --runs 5
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { killFakeGuests } from "../provider-node/test/support/fake-process-driver.ts";
import { freePort } from "../scripts/lib/free-port.ts";
import { launchChromium } from "../web/test/browser-page.ts";
import { peersOf, startRentStack } from "../web/test/rent-stack.ts";
import { type DappSite, serveDapp } from "../web/test/static-dapp.ts";
import { log, median } from "./lib/bench-kit.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);

/** ms from `goto` to the first provider row of a page whose adverts came over gossip. */
async function timeToFirstProvider(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${url}/providers`);
    await page.locator("[data-testid=provider-row]").first().waitFor({ timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

const fakeDir = await mkdtemp(path.join(tmpdir(), "vmgf-"));
const serverLog: string[] = [];
const stack = await startRentStack(
  (line) => serverLog.push(line),
  { GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir },
  { peers: "webrtc-direct", apiUrls: false },
);
let browser: Browser | undefined;
let wsServer: DappSite | undefined;
try {
  const wsPeers = await peersOf(stack.daemon.apiUrl, "ws");
  wsServer = await serveDapp(await freePort(), {
    ...stack.webEnv,
    GOLEM_BOOTSTRAP_PEERS: wsPeers.join(","),
  });
  browser = await launchChromium();
  // One warm-up each: fills the browser's and the site's caches.
  await timeToFirstProvider(browser, stack.server.url);
  await timeToFirstProvider(browser, wsServer.url);
  const webrtc: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < runs; i++) {
    webrtc.push(await timeToFirstProvider(browser, stack.server.url));
    ws.push(await timeToFirstProvider(browser, wsServer.url));
    log(
      `run ${i + 1}: webrtc-direct ${Math.round(webrtc.at(-1) ?? 0)} ms, ws ${Math.round(ws.at(-1) ?? 0)} ms`,
    );
  }
  const webrtcMs = Math.round(median(webrtc));
  const wsMs = Math.round(median(ws));
  const ratio = Number((webrtcMs / wsMs).toFixed(2));
  console.log(`page load to first verified provider, median of ${runs}:`);
  console.log(`  over WebRTC-direct      ${webrtcMs} ms`);
  console.log(`  over ws:// on loopback  ${wsMs} ms (baseline)`);
  console.log(`  ratio                   ${ratio}`);
  console.log(JSON.stringify({ runs, webrtcDirectMs: webrtcMs, wsLoopbackMs: wsMs, ratio }));
} finally {
  await browser?.close();
  await wsServer?.stop();
  await stack.stop();
  await killFakeGuests(fakeDir).catch(() => undefined);
  await rm(fakeDir, { recursive: true, force: true });
}
