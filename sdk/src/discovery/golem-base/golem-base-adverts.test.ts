import { readFileSync } from "node:fs";
import {
  custom,
  defineChain,
  fromRlp,
  type Hex,
  hexToBigInt,
  hexToString,
  keccak256,
  parseTransaction,
  stringToHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { TEST_ACCEPT } from "../../../test-support/test-adverts.ts";
import { decodeSignedAdvert } from "../../advert/advert-schema.ts";
import { createAdvertStore } from "../../advert/advert-store.ts";
import { admitGolemBaseAdverts, publishAdvertToGolemBase } from "./golem-base-adverts.ts";
import { createGolemBaseClient } from "./golem-base-client.ts";
import {
  encodeGolemBaseTransaction,
  GOLEM_BASE_STORAGE_ADDRESS,
} from "./golem-base-transaction.ts";

type Exchange = { method: string; params: unknown[]; result: unknown };
const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/golem-base-rpc.json", import.meta.url), "utf8"),
) as { chainId: number; advertIssuedAt: number; publish: Exchange[]; query: Exchange[] };
const account = privateKeyToAccount(keccak256(stringToHex("vm-on-golem golem-base fixture key")));
const chain = defineChain({
  id: fixture.chainId,
  name: "Golem Base (recorded)",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [] } },
});
// These methods must be called with exactly the recorded parameters.
const PINNED = new Set([
  "eth_sendRawTransaction",
  "golembase_queryEntities",
  "golembase_getStorageValue",
]);

/** A viem transport that answers from recorded exchanges (per method, in order; the last repeats). */
function replay(exchanges: Exchange[]) {
  const queues = new Map<string, Exchange[]>();
  for (const exchange of exchanges)
    queues.set(exchange.method, [...(queues.get(exchange.method) ?? []), exchange]);
  const calls: { method: string; params: unknown[] }[] = [];
  const transport = custom({
    async request({ method, params }: { method: string; params: unknown[] }) {
      calls.push({ method, params });
      const queue = queues.get(method);
      const exchange = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      if (!exchange) throw new Error(`no recorded answer for ${method}`);
      if (PINNED.has(method)) expect(params).toEqual(exchange.params);
      return exchange.result;
    },
  });
  return { transport, calls };
}

const recordedKey = ((fixture.query[0]?.result ?? []) as { key: Hex }[])[0]?.key;
const txOptions = {
  nonce: 0,
  gas: 500_000n,
  maxFeePerGas: 10n ** 9n,
  maxPriorityFeePerGas: 10n ** 6n,
};

describe("Golem Base adapter", () => {
  it("stores a signed advert as an entity with a BTL and annotations, against recorded Golem Base RPC (no node can run here)", async () => {
    const { transport, calls } = replay(fixture.publish);
    const client = createGolemBaseClient({ transport, chain, account });
    // The advert the recorded node later returns is the one published here.
    const value = (fixture.query[1]?.result as string) ?? "";
    const signed = decodeSignedAdvert(Uint8Array.from(Buffer.from(value, "base64")));
    if (!signed.ok) throw new Error(signed.message);
    const key = await publishAdvertToGolemBase({
      client,
      signed: signed.signed,
      now: fixture.advertIssuedAt,
      txOptions,
    });
    expect(key).toBe(recordedKey);

    const raw = (calls.find((c) => c.method === "eth_sendRawTransaction")?.params ?? [])[0] as Hex;
    const tx = parseTransaction(raw);
    expect(tx.to?.toLowerCase()).toBe(GOLEM_BASE_STORAGE_ADDRESS);
    expect(tx.value ?? 0n).toBe(0n);
    const [creates, updates, deletes, extensions] = fromRlp(tx.data as Hex) as unknown as [
      [Hex, Hex, [Hex, Hex][], [Hex, Hex][]][],
      unknown[],
      unknown[],
      unknown[],
    ];
    expect([updates, deletes, extensions]).toEqual([[], [], []]);
    const [btl, data, strings, numbers] = creates[0] ?? [];
    expect(hexToBigInt(btl as Hex)).toBe(360n); // 720 s of advert life at 2 s per block
    expect(JSON.parse(hexToString(data as Hex)).signature).toBe(signed.signed.signature);
    const text = Object.fromEntries(
      (strings ?? []).map(([k, v]) => [hexToString(k), hexToString(v)]),
    );
    expect(text).toMatchObject({
      app: "vm-on-golem",
      type: "advert/1",
      country: "PL",
      platform: "x86_64",
    });
    const nums = Object.fromEntries(
      (numbers ?? []).map(([k, v]) => [hexToString(k), hexToBigInt(v)]),
    );
    expect(nums).toMatchObject({
      chainId: 31337n,
      cpuFree: 4n,
      memoryGiBFree: 16n,
      storageGiBFree: 200n,
    });
  });

  it("queries advert entities by annotations and keeps only adverts that verify, against recorded Golem Base RPC (no node can run here)", async () => {
    const { transport } = replay(fixture.query);
    const client = createGolemBaseClient({ transport, chain });
    const store = createAdvertStore({
      accept: TEST_ACCEPT,
      now: () => fixture.advertIssuedAt + 10,
    });
    const held = await admitGolemBaseAdverts({ client, store, chainId: 31337 });
    expect(held.map((s) => s.advert.provider)).toEqual([account.address]); // the forged one is dropped
    expect(store.list()).toHaveLength(1);
    const value = await client.getStorageValue(recordedKey ?? "0x");
    expect(decodeSignedAdvert(value).ok).toBe(true);
  });

  it("encodes updates, deletes, extensions and zero-valued numbers the way the node decodes RLP", () => {
    const key = keccak256(stringToHex("k"));
    const payload = encodeGolemBaseTransaction({
      updates: [
        {
          entityKey: key,
          btl: 5,
          data: new Uint8Array([1]),
          stringAnnotations: [],
          numericAnnotations: [{ key: "n", value: 0 }],
        },
      ],
      deletes: [key],
      extensions: [{ entityKey: key, numberOfBlocks: 7 }],
    });
    expect(fromRlp(payload)).toEqual([
      [],
      [[key, "0x05", "0x01", [], [["0x6e", "0x"]]]],
      [key],
      [[key, "0x07"]],
    ]);
  });
});
