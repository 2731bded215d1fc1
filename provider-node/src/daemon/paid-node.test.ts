import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeDriver } from "../../test/support/fake-driver.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { signSiwe } from "../../test/support/siwe.ts";
import { operatorRequest } from "../cli/operator-client.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { runtimePaths } from "./pid-file.ts";
import { type ProviderNode, startProviderNode } from "./start-provider-node.ts";

// The whole node with payments on, over a real in-process chain (its client handed in); the
// fake VM driver, because the VM is not the subject: the wiring of keys, offers, the stream
// check, the monitor and the operator socket is.
let chain: PaidChain;
let dir: string;
let node: ProviderNode | undefined;
const driver = createFakeDriver();
beforeAll(async () => {
  chain = await createPaidChain();
  dir = await mkdtemp(join(tmpdir(), "paid-node-"));
}, 120_000);
afterAll(async () => {
  await node?.close();
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

test("a paid node quotes, checks the stream on chain, and lists it on the operator socket", async () => {
  const deployments = join(dir, "deployments");
  await mkdir(deployments);
  const { deployment } = chain;
  await writeFile(
    join(deployments, `${deployment.chainId}.json`),
    JSON.stringify(deployment, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  );
  const ssh = await freePortRange(10);
  const host = await freePortRange(10, [ssh]);
  const { config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, "data"),
      api: { host: "127.0.0.1", port: await freePort() },
      ssh: {
        bindHost: "127.0.0.1",
        portRangeStart: ssh,
        portRangeEnd: ssh + 10,
        hostPortRangeStart: host,
        hostPortRangeEnd: host + 10,
      },
      payments: { enabled: true, chainId: deployment.chainId, deploymentsDir: deployments },
      pricing: { perCoreHour: "3600000000000" },
    },
  });
  node = await startProviderNode({
    config,
    driver,
    version: "0.0.0-test",
    log: () => {},
    apiLogger: false,
    privateKey: chain.providerKey,
    chainClient: chain.publicClient,
  });
  const api = node.api;
  const hostHeader = { host: "provider.test:7466" };
  const nonce = (
    await api.inject({ method: "POST", url: "/api/v1/auth/nonce", headers: hostHeader })
  ).json();
  const signed = await signSiwe({
    account: siweSignerOf(chain.requestor),
    domain: nonce.domain,
    nonce: nonce.nonce,
    chainId: nonce.chainId,
  });
  const { token } = (
    await api.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: hostHeader,
      payload: signed,
    })
  ).json();
  const headers = { ...hostHeader, authorization: `Bearer ${token}` };

  const offer = (
    await api.inject({
      method: "POST",
      url: "/api/v1/offers",
      headers,
      payload: { cpu: 1, memoryGiB: 1, storageGiB: 10 },
    })
  ).json();
  expect(offer.offer).toMatchObject({
    provider: chain.providerAccount.address,
    contract: getAddress(deployment.contracts.StreamPayment.address),
    ratePerSecond: "1000000000",
  });
  const streamId = await chain.openStream(chain.requestor, {
    recipient: chain.providerAccount.address,
    ratePerSecond: 1_000_000_000n,
    seconds: 7200n,
    serviceId: offer.serviceId,
  });
  const body = {
    name: "web",
    cpu: 1,
    memoryGiB: 1,
    storageGiB: 10,
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
  };
  const unpaid = await api.inject({ method: "POST", url: "/api/v1/vms", headers, payload: body });
  expect(unpaid.json().error.code).toBe("OFFER_INVALID");
  const created = await api.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers,
    payload: { ...body, offer: { offer: offer.offer, signature: offer.signature }, streamId },
  });
  expect(created.statusCode, created.body).toBe(202);

  const socket = runtimePaths(config.dataDir).operatorSocket;
  const streams = await operatorRequest<Array<{ vmId: string; streamId: string }>>(
    socket,
    "GET",
    "/payments/streams",
  );
  expect(streams).toMatchObject([{ vmId: created.json().id, streamId }]);
  const status = await operatorRequest<{ payments?: { monitor: { state: string } } }>(
    socket,
    "GET",
    "/status",
  );
  expect(status.payments?.monitor.state).toMatch(/^(ok|idle)$/);
});
