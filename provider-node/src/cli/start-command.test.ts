import { golemRejection } from "@vm-on-golem/sdk/errors";
import { expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { networkFlags } from "./network-flag.ts";
import { startFlags } from "./start-command.ts";

test("--no-verify-port turns off the bind check and the dial-back by peers; env names the keys", async () => {
  const off = await loadProviderConfig({
    homeDir: "/nonexistent-home",
    flags: startFlags({ verifyPort: false, dataDir: "/nonexistent-home/data" }, true),
  });
  expect(off.config.ssh.verifyPorts).toBe(false);
  expect(off.config.discovery.verifyReachability).toBe(false);

  // Not given on the command line: env and defaults decide.
  const env = await loadProviderConfig({
    homeDir: "/nonexistent-home",
    flags: startFlags({ verifyPort: true, dataDir: "/nonexistent-home/data" }, false),
    env: {
      GOLEM_PROVIDER_DISCOVERY_TCP_PORT: "4101",
      GOLEM_PROVIDER_DISCOVERY_BOOTSTRAP:
        "/ip4/192.0.2.1/tcp/7467/p2p/12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ",
      GOLEM_PROVIDER_DISCOVERY_GOLEM_BASE_ENABLED: "true",
      GOLEM_PROVIDER_DISCOVERY_GOLEM_BASE_RPC_URL: "https://golem-base.example/rpc",
    },
  });
  expect(env.config.discovery).toMatchObject({
    enabled: true,
    tcpPort: 4101,
    wsPort: 7468,
    webrtcPort: 7469,
    verifyReachability: true,
    advertIntervalSeconds: 240,
    bootstrap: ["/ip4/192.0.2.1/tcp/7467/p2p/12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ"],
    golemBase: { enabled: true, rpcUrl: "https://golem-base.example/rpc" },
  });
  expect(env.keys.find((k) => k.path.join(".") === "discovery.tcpPort")).toMatchObject({
    env: "GOLEM_PROVIDER_DISCOVERY_TCP_PORT",
    source: "env",
  });
});

test("Golem Base on without an RPC URL is a config error naming the key", async () => {
  await expect(
    loadProviderConfig({
      homeDir: "/nonexistent-home",
      flags: { dataDir: "/nonexistent-home/data" },
      env: { GOLEM_PROVIDER_DISCOVERY_GOLEM_BASE_ENABLED: "true" },
    }),
  ).rejects.toThrow(/discovery\.golemBase\.rpcUrl/);
});

test("--network names the payments network, as in golem: it sets payments.chainId (the chain SIWE sign-ins name too)", async () => {
  const { config, keys } = await loadProviderConfig({
    homeDir: "/nonexistent-home",
    flags: startFlags({ network: "sepolia", dataDir: "/nonexistent-home/data" }, false),
  });
  expect(config.payments.chainId).toBe(11155111);
  expect(keys.find((k) => k.path.join(".") === "payments.chainId")?.source).toBe("flag");
  // Without it: the local chain, from the config as before.
  const local = await loadProviderConfig({
    homeDir: "/nonexistent-home",
    flags: startFlags({ dataDir: "/nonexistent-home/data" }, false),
  });
  expect(local.config.payments.chainId).toBe(31337);
});

test("--network with the old discovery label is FLAG_RENAMED saying what to pass; an unknown name lists the names", async () => {
  for (const old of ["development", "testnet"]) {
    const error = await golemRejection(Promise.resolve().then(() => networkFlags(old)));
    expect(error.code).toBe("FLAG_RENAMED");
    expect(error.message).toBe(
      `--network now names the payments network (local, sepolia, holesky, mainnet, polygon, amoy), as in golem; "${old}" was a discovery network label, which is gone`,
    );
    expect(error.hints[0]).toBe(
      "for the local chain pass --network local (the default), for a public one its name, e.g. --network sepolia",
    );
  }
  const unknown = await golemRejection(Promise.resolve().then(() => networkFlags("moon")));
  expect(unknown.code).toBe("VALIDATION_FAILED");
  expect(unknown.hints).toEqual(["pass one of: local, sepolia, holesky, mainnet, polygon, amoy"]);
});
