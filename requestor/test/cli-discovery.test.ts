// `golem vm providers` and `golem vm create` finding the provider only through discovery: a
// real Hardhat chain with the contracts, the real `golem-provider` daemon with payments on (so
// its libp2p advert node runs on loopback), and the CLI bootstrapped from the daemon's libp2p
// multiaddr. The VM comes from the provider's TEST-ONLY fake process driver (a process that
// answers an SSH banner, selected by GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR): what is under
// test is discovery and payment, not the hypervisor (real QEMU rentals: cli-rental.e2e.test.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/abi/stream-payment-abi.generated";
import { advertSchema, signedAdvertToJson } from "@vm-on-golem/sdk/advert/advert-schema";
import { advertTypedData } from "@vm-on-golem/sdk/advert/advert-typed-data";
import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import { type Address, type Hex, isAddressEqual } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { type PaidChain, startPaidChain } from "./support/paid-setup.ts";

type AdvertJson = { advert: Record<string, unknown> & { multiaddrs: string[] }; signature: Hex };
type Row = {
  providerId: string;
  apiUrl: string;
  free: { cpu: number; memoryGiB: number; storageGiB: number };
  pricePerHour: string;
  pricePerMonth: string;
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
  daemon = await startProviderDaemon({
    dataDir: join(paid.dir, "p"),
    payments: {
      rpcUrl: paid.chain.rpcUrl,
      chainId: paid.chain.chainId,
      deploymentsDir: paid.deploymentsDir,
      minRunwaySeconds: 600,
    },
    env: { GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeVmsDir() },
  });
  providerId = await daemon.address();
  // The daemon's own advert, as any node serves it; it names the libp2p multiaddrs to dial.
  [advert] = await vi.waitFor(
    async () => {
      const adverts = await advertsAt(daemon.apiUrl);
      if (adverts.length !== 1) throw new Error(`the daemon serves ${adverts.length} adverts`);
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
  env = { ...paid.env, GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(",") };
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  // Backstop for a failed step: no fake guest process outlives the test.
  if (paid) await killFakeGuests(fakeVmsDir());
  trap?.close();
  await paid?.stop();
}, 180_000);

function fakeVmsDir(): string {
  return join(paid.dir, "fake-vms");
}

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

  it("vm create without --provider-url rents from the advert's API with a real stream", async () => {
    jsonOf(await golem(["wallet", "faucet"]));
    const me = jsonOf<{ address: Address }>(await golem(["wallet", "address"])).address;
    const created = jsonOf<{
      status: string;
      streamId: string;
      providerApiUrl: string;
      ratePerSecond: string;
    }>(
      await golem([
        ...["vm", "create", "disc-1", "--provider-id", providerId],
        ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
      ]),
    );
    expect(created.status).toBe("running");
    expect(created.providerApiUrl).toBe(advert.advert.apiUrl);
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
});
