/** Headless Debian Chromium for the e2e tests, and pages that record every problem. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where screenshots go (kept as test artifacts). */
export const artifactsDir = fileURLToPath(new URL("../test-results/", import.meta.url));

/** Debian's chromium binary (the wrapper script adds noise). */
export const chromiumPath = "/usr/lib/chromium/chromium";

/**
 * Launches headless chromium with background networking off. `trustSpki`: base64 SHA-256 SPKI
 * hashes of the only self-signed certificates it accepts (a test's https site); nothing else
 * untrusted is accepted.
 */
export function launchChromium(options: { trustSpki?: string[] } = {}): Promise<Browser> {
  const trust = options.trustSpki?.length
    ? [`--ignore-certificate-errors-spki-list=${options.trustSpki.join(",")}`]
    : [];
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...trust,
    ],
  });
}

/** A page that records console errors, page errors, HTTP errors and requests to outside hosts. */
export async function openPage(
  browser: Browser,
  options: {
    viewport?: { width: number; height: number };
    colorScheme?: "light" | "dark";
    /** Browser permissions granted to the page's origin (e.g. "notifications"). */
    permissions?: string[];
  } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? "light",
    permissions: options.permissions ?? [],
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on("request", (req) => {
    const { hostname, protocol } = new URL(req.url());
    const web = ["http:", "https:", "ws:", "wss:"].includes(protocol);
    if (web && hostname !== "127.0.0.1" && hostname !== "localhost") {
      problems.push(`request to an outside host: ${req.url()}`);
    }
  });
  return { page, problems };
}

/** A full-page screenshot named `<name>.png` in {@link artifactsDir}. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}
