import type { GolemBaseClient, GolemBaseTransaction } from "@vm-on-golem/sdk/discovery";
import { testProvider, testSignedAdvert } from "@vm-on-golem/sdk/test-support/test-adverts";
import { expect, test } from "vitest";
import { freePort } from "../../../scripts/lib/free-port.ts";
import { createGolemBasePublisher } from "./golem-base-publisher.ts";

const account = testProvider();
const entityKey = `0x${"ab".repeat(32)}` as const;

test("stand-in Golem Base client (no Golem Base node runs here): creates once, then updates the same entity", async () => {
  const sent: GolemBaseTransaction[] = [];
  const client: GolemBaseClient = {
    async sendTransaction(tx) {
      sent.push(tx);
      return { hash: `0x${"01".repeat(32)}`, entityKeys: [entityKey] };
    },
    queryEntities: async () => [],
    getStorageValue: async () => new Uint8Array(),
  };
  const publisher = createGolemBasePublisher({
    rpcUrl: "http://golem-base.invalid",
    chainId: 60_138_453,
    account,
    log: () => {},
    client,
  });
  const first = await testSignedAdvert({ signer: account, sequence: 1 });
  const second = await testSignedAdvert({ signer: account, sequence: 2 });
  const third = await testSignedAdvert({ signer: account, sequence: 3 });
  // Two more while the first is in flight: only the newest waiting one is sent after it.
  void publisher.publish(first);
  void publisher.publish(second);
  await publisher.publish(third);
  expect(sent.map((tx) => (tx.creates ? "create" : "update"))).toEqual(["create", "update"]);
  expect(sent[1]?.updates?.[0]?.entityKey).toBe(entityKey);
  expect(new TextDecoder().decode(sent[1]?.updates?.[0]?.data)).toContain('"sequence":3');
  expect(publisher.status()).toMatchObject({ entityKey, lastError: null });
});

test("a Golem Base node that does not answer is logged once and never thrown", async () => {
  const lines: string[] = [];
  const publisher = createGolemBasePublisher({
    rpcUrl: `http://127.0.0.1:${await freePort()}`,
    chainId: 60_138_453,
    account,
    log: (line) => lines.push(line),
  });
  const signed = await testSignedAdvert({ signer: account });
  await publisher.publish(signed);
  await publisher.publish(signed);
  expect(publisher.status()).toMatchObject({ lastPublishAt: null, entityKey: null });
  expect(publisher.status().lastError).toBeTruthy();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Golem Base: storing the advert failed, will retry: /);
});
