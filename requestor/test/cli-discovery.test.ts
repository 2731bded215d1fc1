// `golem vm providers` and `golem vm create` finding the provider only through discovery: a
// real Hardhat chain with the contracts, the real `golem-provider` daemon with payments on (so
// its libp2p advert node runs on loopback), and the CLI bootstrapped from the daemon's libp2p
// multiaddr. The VM comes from the provider's TEST-ONLY fake process driver (a process that
// answers an SSH banner, selected by GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR): what is under
// test is discovery and payment, not the hypervisor (real QEMU rentals: cli-rental.e2e.test.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { advertSchema, advertTypedData, signedAdvertToJson } from "@vm-on-golem/sdk/advert";
import { getStreamState, streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, type Hex, isAddressEqual } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

type AdvertJson = { advert: Record<string, unknown> & { multiaddrs: string[] }; signature: Hex };
type Row = {
  providerId: string;
  apiUrl: string;
  free: { cpu: number; memoryGiB: number; storageGiB: number };
  pricePerHour: string;
  pricePerMonth: string;
  reachability: { reachable: boolean; latencyMs?: number; reason?: string };
  network: string;
  chainId: number;
  streamPayment: string;
  token: string;
  ownDeployment: boolean;
};

const GLM = 10n ** 18n;
let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let advert: AdvertJson;
let env: Record<string, string>;
let trap: Server | undefined;
const trapHits: string[] = [];

const golem = (args: string[], extraEnv: Record<string, string> = {}) =>
  runGolem([...args, "--json"], { ...env, ...extraEnv }, { timeoutMs: 180_000 });

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  providerId = await daemon.address();
  // The daemon's own advert, as any node serves it; it names the libp2p multiaddrs to dial.
  [advert] = await vi.waitFor(
    async () => {
      const adverts = await advertsAt(daemon.apiUrl);
      if (adverts.length !== 1) throw new Error(`the daemon serves ${adverts.length} adverts`);
      // The advert the node signs once its API is served over libp2p too.
      if (adverts[0]?.advert.libp2pApi === undefined) throw new Error("no libp2pApi yet");
      return adverts as [AdvertJson];
    },
    { timeout: 60_000, interval: 500 },
  );
  const bootstrap = advert.advert.multiaddrs.filter(
    (a) => a.includes("/tcp/") && !a.includes("/ws"),
  );
  expect(bootstrap.length).toBeGreaterThan(0);
  for (const addr of bootstrap)
    expect(addr).toMatch(new RegExp(`^/ip4/127.0.0.1/tcp/\\d+/p2p/${advert.advert.peerId}$`));
  env = {
    ...paid.env,
    ...fakeGuestLoginEnv,
    GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(","),
  };
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  // Backstop for a failed step: no fake guest process outlives the test.
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  trap?.close();
  await paid?.stop();
}, 180_000);

async function advertsAt(url: string): Promise<AdvertJson[]> {
  const res = await fetch(new URL("/api/v1/adverts", url));
  return ((await res.json()) as { adverts: AdvertJson[] }).adverts;
}

describe("discovery through the golem CLI (real chain, provider daemon, libp2p)", () => {
  it("vm providers lists the provider from its verified advert, with prices", async () => {
    const { providers } = jsonOf<{ providers: Row[] }>(
      await golem(["vm", "providers", "--cpu", "1", "--memory", "1", "--storage", "4"]),
    );
    expect(providers).toHaveLength(1);
    const [row] = providers as [Row];
    expect(isAddressEqual(row.providerId as Address, providerId)).toBe(true);
    expect(row.apiUrl).toBe(advert.advert.apiUrl);
    expect(new URL(row.apiUrl).port).toBe(new URL(daemon.apiUrl).port);
    // Default daemon prices: 1 GLM per core-hour, 0.5 per GiB-memory-hour, 0.01 per GiB-disk-hour.
    const hourly = GLM + GLM / 2n + (4n * GLM) / 100n;
    expect(BigInt(row.pricePerHour)).toBe(hourly);
    expect(BigInt(row.pricePerMonth)).toBe(hourly * 730n);
    expect(row.free.cpu).toBeGreaterThanOrEqual(1);
    // Probed just now: the daemon's API answers as the advert's signer, with payments on.
    expect(row.reachability).toEqual({ reachable: true, latencyMs: expect.any(Number) });
  });

  it("vm providers shows the Reachable column and refuses a bad --probe-timeout", async () => {
    const table = await runGolem(["vm", "providers", "--cpu", "1"], env, { timeoutMs: 180_000 });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/1 provider, 1 answering now/);
    expect(table.stdout).toContain("Reachable");
    expect(table.stdout).toMatch(/yes, \d+ ms/);
    const bad = await golem(["vm", "providers", "--probe-timeout", "soon"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain("VALIDATION_FAILED");
    expect(bad.stdout + bad.stderr).toContain("--probe-timeout 3");
  });

  it("filters: too many cores or a max price below the provider's leave nothing", async () => {
    const tooBig = jsonOf<{ providers: Row[] }>(await golem(["vm", "providers", "--cpu", "64"]));
    expect(tooBig.providers).toEqual([]);
    const cheap = jsonOf<{ providers: Row[] }>(
      await golem(["vm", "providers", "--cpu", "1", "--max-price", "0.5"]),
    );
    expect(cheap.providers).toEqual([]);
    const affordable = jsonOf<{ providers: Row[] }>(
      await golem(["vm", "providers", "--cpu", "1", "--max-price", "1"]),
    );
    expect(affordable.providers).toHaveLength(1);
  });

  it("vm create without --provider-url rents from the advert's API over libp2p (HTTP bound to loopback only) with a real stream", async () => {
    jsonOf(await golem(["wallet", "faucet"]));
    const me = jsonOf<{ address: Address }>(await golem(["wallet", "address"])).address;
    const created = jsonOf<{
      status: string;
      streamId: string;
      providerApiUrl: string;
      ratePerSecond: string;
      providerTransport: string;
      providerPeerId: string | null;
    }>(
      await golem([
        ...["vm", "create", "disc-1", "--provider-id", providerId],
        ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
      ]),
    );
    expect(created.status).toBe("running");
    expect(created.providerApiUrl).toBe(advert.advert.apiUrl);
    // The daemon's plain HTTP listens on 127.0.0.1 only; its advert offers the API over libp2p,
    // so the CLI signed in, got the offer and created the VM there, from the advertised peer.
    expect(advert.advert.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(advert.advert.libp2pApi).toBe("/http/1.1");
    expect(created.providerTransport).toBe("libp2p");
    expect(created.providerPeerId).toBe(advert.advert.peerId);
    const state = await getStreamState(paid.publicClient, {
      address: paid.deployment.contracts.StreamPayment.address,
      streamId: toStreamId(created.streamId),
    });
    expect(state.stream.sender).toBe(me);
    expect(state.stream.recipient).toBe(providerId);
    expect(state.isActive).toBe(true);
    expect(state.stream.ratePerSecond).toBe(BigInt(created.ratePerSecond));
    // The stream pays for the provider's signed offer the CLI kept (serviceId = its hash).
    const [event] = await paid.publicClient.getContractEvents({
      address: paid.deployment.contracts.StreamPayment.address,
      abi: streamPaymentAbi,
      eventName: "StreamCreated",
      args: { streamId: BigInt(created.streamId) },
      fromBlock: 0n,
    });
    const serviceId = event?.args.serviceId ?? "0x";
    const db = openRequestorDb(paid.env.GOLEM_REQUESTOR_HOME ?? "");
    try {
      expect(db.getOffer(serviceId)?.providerId.toLowerCase()).toBe(providerId.toLowerCase());
    } finally {
      db.close();
    }
    const { vms } = jsonOf<{ vms: { name: string; status: string }[] }>(
      await golem(["vm", "list"]),
    );
    expect(vms).toEqual([expect.objectContaining({ name: "disc-1", status: "running" })]);
  });

  it("an advert for the same provider signed by another key is never used", async () => {
    // A node serving a forged, newer advert that points at a trap API.
    trap = createServer((req, res) => {
      trapHits.push(req.url ?? "");
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => trap?.listen(0, "127.0.0.1", resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    const real = advertSchema.parse(advert.advert);
    const forgedAdvert = { ...real, apiUrl: trapUrl, sequence: real.sequence + 1000 };
    const forger = privateKeyToAccount(generatePrivateKey());
    const forged = signedAdvertToJson({
      advert: forgedAdvert,
      signature: await forger.signTypedData(advertTypedData(forgedAdvert)),
    });
    let served: unknown[] = [advert];
    const forgedServer = createServer((req, res) => {
      if (req.url !== "/api/v1/adverts") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ adverts: served }));
    });
    await new Promise<void>((resolve) => forgedServer.listen(0, "127.0.0.1", resolve));
    const forgedUrl = `http://127.0.0.1:${(forgedServer.address() as AddressInfo).port}`;
    try {
      const onlyForged = {
        GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "",
        GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: forgedUrl,
      };
      // Control: the same server relaying the genuine advert is read and believed.
      const relayed = jsonOf<{ providers: Row[] }>(await golem(["vm", "providers"], onlyForged));
      expect(relayed.providers.map((p) => p.apiUrl)).toEqual([advert.advert.apiUrl]);
      // Only the forged advert: it does not verify, so nothing is listed or rented from.
      served = [forged];
      const listed = jsonOf<{ providers: Row[] }>(await golem(["vm", "providers"], onlyForged));
      expect(listed.providers).toEqual([]);
      const create = await golem(
        [
          ...["vm", "create", "forged-1", "--provider-id", providerId],
          ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
        ],
        onlyForged,
      );
      expect(create.code).not.toBe(0);
      expect(create.stdout + create.stderr).toContain("PROVIDER_UNREACHABLE");
      // Forged next to the real node: the real advert wins although the forged one is newer.
      const both = jsonOf<{ providers: Row[] }>(
        await golem(["vm", "providers"], {
          GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "",
          GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: `${forgedUrl},${daemon.apiUrl}`,
        }),
      );
      expect(both.providers.map((p) => p.apiUrl)).toEqual([advert.advert.apiUrl]);
      expect(trapHits).toEqual([]);
    } finally {
      forgedServer.close();
    }
  });

  it("an advert by another key naming the daemon's URL is listed last, as the wrong provider", async () => {
    // Validly signed by its own key, so it verifies; only asking the API shows it is not theirs.
    const real = advertSchema.parse(advert.advert);
    const impostor = privateKeyToAccount(generatePrivateKey());
    // Cheaper than the real provider: only reachability can put it second.
    const copied = {
      ...real,
      provider: impostor.address,
      prices: { perCoreHour: 1n, perGiBMemoryHour: 1n, perGiBDiskHour: 1n },
    };
    const copy = signedAdvertToJson({
      advert: copied,
      signature: await impostor.signTypedData(advertTypedData(copied)),
    });
    const relay = createServer((req, res) => {
      if (req.url !== "/api/v1/adverts") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ adverts: [advert, copy] }));
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    try {
      const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
      const { providers } = jsonOf<{ providers: Row[] }>(
        await golem(["vm", "providers", "--cpu", "1", "--probe-timeout", "2"], {
          GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "",
          GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: relayUrl,
        }),
      );
      expect(providers.map((p) => [p.providerId.toLowerCase(), p.reachability])).toEqual([
        [providerId.toLowerCase(), { reachable: true, latencyMs: expect.any(Number) }],
        [
          impostor.address.toLowerCase(),
          {
            reachable: false,
            reason: "wrong-provider",
            reportedProviderId: expect.stringMatching(new RegExp(`^${providerId}$`, "i")),
          },
        ],
      ]);
    } finally {
      relay.close();
    }
  });

  it("vm create probes the provider's API first: one that does not answer is refused before sign-in unless --force, nothing paid", async () => {
    const real = advertSchema.parse(advert.advert);
    // A port nothing listens on (bound, then let go).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // Validly signed adverts: one whose API is that dead port, one naming the daemon's URL.
    // Offering plain HTTP only (no libp2pApi), so the HTTP probe is what is tested; with libp2p,
    // the daemon's peer at the copied addresses answers as itself, not as the advert's signer.
    const signedBy = async (apiUrl: string, overLibp2p = false) => {
      const signer = privateKeyToAccount(generatePrivateKey());
      const { libp2pApi, ...plain } = real;
      const copied = {
        ...plain,
        ...(overLibp2p ? { libp2pApi } : {}),
        provider: signer.address,
        apiUrl,
      };
      const json = signedAdvertToJson({
        advert: copied,
        signature: await signer.signTypedData(advertTypedData(copied)),
      });
      return { id: signer.address, json };
    };
    const dead = await signedBy(closedUrl);
    const impostor = await signedBy(advert.advert.apiUrl as string);
    const impostorOverLibp2p = await signedBy(closedUrl, true);
    const relay = createServer((req, res) => {
      if (req.url !== "/api/v1/adverts") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ adverts: [dead.json, impostor.json, impostorOverLibp2p.json] }));
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const viaRelay = {
      GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "",
      GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    };
    const create = (name: string, id: string, ...extra: string[]) =>
      golem(
        [
          ...["vm", "create", name, "--provider-id", id, ...extra],
          ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
        ],
        viaRelay,
      );
    const errorOf = (out: { stdout: string; stderr: string }) => {
      const printed = [out.stdout, out.stderr].find((t) => t.includes('"error"')) ?? "{}";
      return (JSON.parse(printed.slice(printed.indexOf("{"))) as { error: Record<string, unknown> })
        .error;
    };
    try {
      const before = jsonOf<Record<string, unknown>>(await golem(["wallet", "balance"]));
      const vmsBefore = jsonOf<{ vms: unknown[] }>(await golem(["vm", "list"])).vms;

      const refused = await create("dead-1", dead.id);
      expect(refused.code).not.toBe(0);
      expect(errorOf(refused)).toMatchObject({
        code: "PROVIDER_UNREACHABLE",
        message: `provider ${dead.id}'s API at ${closedUrl} could not be connected to (ECONNREFUSED); nothing was paid`,
        hints: expect.arrayContaining([expect.stringContaining("--force")]),
      });
      const wrong = await create("impostor-1", impostor.id);
      expect(errorOf(wrong)).toMatchObject({
        code: "PROVIDER_UNREACHABLE",
        message: expect.stringMatching(
          new RegExp(`answers as provider ${providerId}, not as the advert's signer`, "i"),
        ),
      });
      const wrongPeer = await create("impostor-2", impostorOverLibp2p.id);
      expect(errorOf(wrongPeer)).toMatchObject({
        code: "PROVIDER_MISMATCH",
        message: `the node reached is provider ${providerId}, not ${impostorOverLibp2p.id}`,
      });
      // --force goes past the probe; the dead API then fails the sign-in, before any stream.
      const forced = await create("dead-2", dead.id, "--force");
      expect(forced.code).not.toBe(0);
      expect(errorOf(forced)).toMatchObject({
        code: "PROVIDER_UNREACHABLE",
        message: `POST ${closedUrl}/api/v1/auth/nonce got no answer`,
      });

      expect(jsonOf<{ vms: unknown[] }>(await golem(["vm", "list"])).vms).toEqual(vmsBefore);
      expect(jsonOf<Record<string, unknown>>(await golem(["wallet", "balance"]))).toEqual(before);
    } finally {
      relay.close();
    }
  });

  it("adverts paid on other chains are listed only with --all-payments or --payments-network", async () => {
    // Validly signed adverts for the same deployment addresses but other chains: Sepolia (a
    // named network) and a chain no name maps to. Only the chain acceptance widens; signatures
    // are verified in every listing.
    const real = advertSchema.parse(advert.advert);
    const signedFor = async (chainId: number) => {
      const key = privateKeyToAccount(generatePrivateKey());
      const content = { ...real, provider: key.address, chainId };
      const json = signedAdvertToJson({
        advert: content,
        signature: await key.signTypedData(advertTypedData(content)),
      });
      return { id: key.address.toLowerCase(), json };
    };
    const sepolia = await signedFor(11155111);
    const unnamed = await signedFor(424242);
    const relay = createServer((req, res) => {
      if (req.url !== "/api/v1/adverts") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ adverts: [advert, sepolia.json, unnamed.json] }));
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const viaRelay = {
      GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: "",
      GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    };
    const list = async (flags: string[]) =>
      jsonOf<{ providers: Row[] }>(
        await golem(["vm", "providers", "--probe-timeout", "2", ...flags], viaRelay),
      ).providers;
    const byId = (rows: Row[]) =>
      rows.map((r) => [r.providerId.toLowerCase(), r.network, r.chainId, r.ownDeployment]);
    const me = providerId.toLowerCase();
    try {
      // Default: only the deployment this CLI pays through.
      expect(byId(await list([]))).toEqual([[me, "local", paid.chain.chainId, true]]);

      const all = await list(["--all-payments"]);
      expect(new Set(byId(all).map(String))).toEqual(
        new Set(
          [
            [me, "local", paid.chain.chainId, true],
            [sepolia.id, "sepolia", 11155111, false],
            [unnamed.id, "chain 424242", 424242, false],
          ].map(String),
        ),
      );
      expect(all[0]?.providerId.toLowerCase()).toBe(me);
      for (const row of all) {
        expect(row.streamPayment.toLowerCase()).toBe(real.streamPayment.toLowerCase());
        expect(row.token.toLowerCase()).toBe(real.token.toLowerCase());
      }
      // --max-price is in this deployment's GLM: it drops the local provider (1 GLM/core-hour) only.
      const underHalf = await list(["--all-payments", "--max-price", "0.5"]);
      expect(byId(underHalf).map(([id]) => id)).not.toContain(me);
      expect(underHalf).toHaveLength(2);

      expect(byId(await list(["--payments-network", "sepolia"]))).toEqual([
        [sepolia.id, "sepolia", 11155111, false],
      ]);
      expect(await list(["--payments-network", "holesky"])).toEqual([]);

      const table = await runGolem(
        ["vm", "providers", "--all-payments"],
        { ...env, ...viaRelay },
        {
          timeoutMs: 180_000,
        },
      );
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/3 providers on every payments network/);
      expect(table.stdout).toContain("Network");
      expect(table.stdout).toMatch(/│ sepolia +│/);
      expect(table.stdout).toMatch(/│ chain 424242 +│/);
      // Same token address, but on another chain: not this CLI's GLM, so base units.
      expect(table.stdout).toContain(`Prices not in`);

      const unknown = await golem(["vm", "providers", "--payments-network", "nowhere"], viaRelay);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stdout + unknown.stderr).toContain("VALIDATION_FAILED");
      expect(unknown.stdout + unknown.stderr).toContain(
        "local, sepolia, holesky, mainnet, polygon, amoy",
      );

      // vm create pays on this CLI's own deployment: the Sepolia provider is not rentable here.
      const create = await golem(
        [
          ...["vm", "create", "elsewhere-1", "--provider-id", sepolia.id],
          ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
        ],
        viaRelay,
      );
      expect(create.code).not.toBe(0);
      expect(create.stdout + create.stderr).toContain("PROVIDER_UNREACHABLE");
    } finally {
      relay.close();
    }
  }, 300_000);
});
