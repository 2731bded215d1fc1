/**
 * The static dapp as any static host serves it: the site `./dev web:build` writes, served by a
 * plain static file server over https with a certificate made for this run, which Chromium
 * (Debian's, headless) trusts by its SPKI hash alone. A real Hardhat chain with the contracts;
 * the injected test wallet stands in for MetaMask. No Next.js server runs.
 * - The site loads from https, reads its config.json, and shows the providers page with no
 *   console error; on the dev chain the page's own Faucet gives a new account gas
 *   (`hardhat_setBalance` from the page) and test GLM.
 * - A Chromium not told the SPKI hash refuses the site (nothing is trusted beyond that one cert).
 * - A missing or invalid config.json shows the error and what to do, instead of the app.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import type { Browser } from "playwright-core";
import { defineChain } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContracts, writeDeployment } from "../../scripts/deploy.ts";
import { type LocalChain, startLocalChain } from "../../scripts/lib/local-chain.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { buildIfStale, type DappSite, serveDapp, siteDir } from "./static-dapp.ts";
import { makeSelfSignedCert, type SelfSignedCert, startStaticServer } from "./static-server.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";

let chain: LocalChain;
let cert: SelfSignedCert;
let site: DappSite;
let browser: Browser;
let deploymentsDir: string;
let buildMs = 0;
const buildLog: string[] = [];

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  const building = buildIfStale((line) => buildLog.push(line));
  chain = await startLocalChain({ port: 0 });
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  deploymentsDir = await mkdtemp(path.join(tmpdir(), "vmg-static-"));
  await writeDeployment(await deployContracts(connection), deploymentsDir);
  cert = await makeSelfSignedCert();
  buildMs = await building;
  console.log(
    buildMs > 0
      ? `built the static dapp in ${(buildMs / 1000).toFixed(0)} s`
      : "reused the static dapp's build",
  );
  site = await serveDapp(
    0,
    {
      GOLEM_CHAIN_ID: String(chain.chainId),
      GOLEM_RPC_URL: chain.rpcUrl,
      GOLEM_DEPLOYMENTS_DIR: deploymentsDir,
    },
    { tls: cert },
  );
  browser = await launchChromium({ trustSpki: [cert.spki] });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await chain?.stop();
  if (deploymentsDir) await rm(deploymentsDir, { recursive: true, force: true });
});

describe("web: the static dapp on an https origin", () => {
  it("loads from https, reads config.json, shows the providers page with no console error", async () => {
    expect(site.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { page, problems } = await openPage(browser);
    const pageUrls: string[] = [];
    page.on("request", (req) => pageUrls.push(req.url()));
    await page.goto(`${site.url}/providers/`);
    await page.getByTestId("providers-empty").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Connect Wallet" }).waitFor();
    // The header marks the page it is on, though the static path ends in a slash.
    expect(
      await page.getByRole("link", { name: "Providers", exact: true }).getAttribute("aria-current"),
    ).toBe("page");
    await shot(page, "static-https-providers");
    expect(page.url()).toBe(`${site.url}/providers/`);
    expect(site.requests).toContain("GET /config.json 200");
    // Nothing but the site itself (https) and the chain's RPC from the config.
    for (const url of pageUrls) {
      const { origin } = new URL(url);
      expect([site.url, new URL(chain.rpcUrl).origin], url).toContain(origin);
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("gives a new account gas from the page itself on the dev chain (no dapp server), then test GLM", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const viemChain = defineChain({
      id: chain.chainId,
      name: "Local chain",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const { page, problems } = await openPage(browser);
    await installTestWallet(page, { account, chain: viemChain, rpcUrl: chain.rpcUrl });
    await page.goto(`${site.url}/`);
    await page.getByRole("button", { name: "Connect Wallet" }).click();
    await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
    await page.getByTestId("eth-balance").filter({ hasText: "0 ETH" }).waitFor();
    await page.getByTestId("gas-help").filter({ hasText: "Faucet button sends gas" }).waitFor();
    await page.getByRole("button", { name: "Faucet" }).click();
    await page
      .getByTestId("gas-faucet-status")
      .filter({ hasText: "received 1 ETH for gas" })
      .waitFor({ timeout: 60_000 });
    await page
      .getByTestId("glm-balance")
      .filter({ hasNotText: /^0 / })
      .waitFor({ timeout: 60_000 });
    await shot(page, "static-https-faucet");
    expect(await page.getByTestId("glm-balance").textContent()).toMatch(/^[1-9][\d,.]* tGLM$/);
    await page.close();
    expect(problems).toEqual([]);
    // The site served only files: no request but GET and HEAD reached it.
    expect(site.requests.every((line) => /^(GET|HEAD) /.test(line))).toBe(true);
  }, 180_000);

  it("is refused by a Chromium not told the certificate's SPKI hash", async () => {
    const untrusting = await launchChromium();
    try {
      const page = await untrusting.newPage();
      const failure = await page.goto(`${site.url}/`).then(
        () => "loaded",
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await untrusting.close();
    }
  }, 60_000);

  it.each([
    ["missing", null, /config\.json is missing: .*answered HTTP 404/],
    ["not JSON", "{ rpcUrl:", /config\.json is not JSON/],
    [
      "invalid",
      JSON.stringify({ rpcUrl: "ftp://example", deployment: { chainId: 1 } }),
      /config\.json is not valid: .*rpcUrl/,
    ],
  ])(
    "shows a clear error for a %s config.json",
    async (_label, body, message) => {
      const bad = await startStaticServer({
        root: siteDir,
        tls: cert,
        files: { "/config.json": body },
      });
      try {
        const { page, problems } = await openPage(browser);
        await page.goto(`${bad.url}/providers/`);
        const error = page.getByTestId("config-error");
        await error.waitFor({ timeout: 60_000 });
        await shot(page, `static-https-config-${_label.replace(/\W+/g, "-")}`);
        expect(await error.getByRole("alert").getAttribute("data-error-code")).toBe(
          "CONFIG_INVALID",
        );
        const text = await error.textContent();
        expect(text).toMatch(message);
        expect(text).toContain("hint:");
        expect(await page.getByTestId("providers-empty").count()).toBe(0);
        await page.close();
        // The only problem is the missing file itself.
        expect(problems.filter((p) => !p.includes("config.json") && !p.includes("404"))).toEqual(
          [],
        );
      } finally {
        await bad.stop();
      }
    },
    60_000,
  );
});
