import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configKeys } from "@vm-on-golem/sdk/config";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadProviderConfig } from "../../provider-node/src/config/load-provider-config.ts";
import {
  providerConfigSchema,
  providerEnvPrefix,
} from "../../provider-node/src/config/provider-config.ts";
import { defaultDaemonPrices, paymentsEnv } from "./provider-daemon.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "daemon-env-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const payments = {
  rpcUrl: "http://127.0.0.1:18545",
  chainId: 31_337,
  deploymentsDir: "/srv/deployments",
  withdraw: { intervalSeconds: 120, minWei: "5" },
  stopBelowSeconds: 60,
};

test("a paid daemon's env names only real provider settings (the private key aside)", () => {
  const known = new Set(configKeys(providerConfigSchema, providerEnvPrefix).map((k) => k.env));
  const unknown = Object.keys(paymentsEnv(payments)).filter((name) => !known.has(name));
  expect(unknown).toEqual([]);
  expect(Object.keys(paymentsEnv({ ...payments, privateKey: "0x01" }))).toContain(
    "GOLEM_PROVIDER_PRIVATE_KEY",
  );
});

test("the provider's config loader resolves that env to payments on, with prices and loopback discovery", async () => {
  const { config } = await loadProviderConfig({ homeDir: dir, env: paymentsEnv(payments) });
  expect(config.payments).toMatchObject({
    enabled: true,
    rpcUrl: payments.rpcUrl,
    chainId: 31_337,
    deploymentsDir: "/srv/deployments",
    minRunwaySeconds: 3600,
    monitor: { enabled: true, intervalSeconds: 5, stopBelowSeconds: 60 },
    withdraw: { enabled: true, intervalSeconds: 120, minWei: "5" },
  });
  expect(config.pricing).toMatchObject(defaultDaemonPrices);
  expect(config.discovery).toMatchObject({
    listenHost: "127.0.0.1",
    tcpPort: 0,
    wsPort: 0,
    webrtcPort: 0,
  });
});
