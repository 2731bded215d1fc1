import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { verifyAdvert } from "@vm-on-golem/sdk/advert";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { type NonceView, nonceViewSchema, sessionViewSchema } from "@vm-on-golem/sdk/provider-api";
import { createProviderClient, requestJson } from "@vm-on-golem/sdk/provider-client";
import {
  createLibp2pTransport,
  HTTP_OVER_LIBP2P_PROTOCOL,
  providerClientForAdvert,
} from "@vm-on-golem/sdk/provider-client/libp2p";
import { testProvider, testSignedAdvert } from "@vm-on-golem/sdk/test-support/test-adverts";
import { createLibp2p } from "libp2p";
import type { LocalAccount } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ZodType } from "zod";
import { type ApiHarness, createApiHarness, testHost } from "../../../test/support/api-harness.ts";
import { randomAccount, signSiwe } from "../../../test/support/siwe.ts";
import { serveApiOverLibp2p } from "./serve-api-over-libp2p.ts";

// Two providers A and B, each the real API app (fake VM driver, real SQLite and SIWE) served on
// its own real libp2p node (TCP on 127.0.0.1, noise, yamux), and a requestor's node. Both
// providers answer for the same SIWE domain, as two nodes without domains on one host would:
// only the peer id tells them apart. The VM is not the subject, identity is.
const tcpNode = (listen: string[]) =>
  createLibp2p({
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });

type Provider = { node: Libp2p; api: ApiHarness; peerId: string };
let a: Provider;
let b: Provider;
let requestor: Libp2p;

async function startProvider(): Promise<Provider> {
  const node = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
  const peerId = node.peerId.toString();
  const api = await createApiHarness({ peerId: () => peerId });
  await api.app.listen({ host: "127.0.0.1", port: 0 });
  await serveApiOverLibp2p({ libp2p: node, app: api.app });
  return { node, api, peerId };
}

beforeAll(async () => {
  a = await startProvider();
  b = await startProvider();
  requestor = await tcpNode([]);
});

afterAll(async () => {
  await requestor?.stop();
  for (const p of [a, b]) {
    await p?.node.stop();
    await p?.api.close();
  }
});

/** A wallet that counts what it is asked to sign. */
function countingSigner(account: LocalAccount = randomAccount()) {
  const signer = {
    signatures: 0,
    address: account.address,
    signMessage: async (args: { message: string }) => {
      signer.signatures += 1;
      return account.signMessage(args);
    },
  };
  return signer;
}

/** A verified advert of `provider`'s API at `at`'s TCP address, naming `peerId`. */
async function advertOf(at: Provider, peerId: string) {
  const signed = await testSignedAdvert({
    signer: testProvider(),
    content: {
      apiUrl: `http://${testHost}`,
      peerId,
      multiaddrs: at.node.getMultiaddrs().map((m) => m.decapsulate("/p2p").toString()),
      libp2pApi: HTTP_OVER_LIBP2P_PROTOCOL,
    },
  });
  const verified = await verifyAdvert(signed, { accept: [{ chainId: signed.advert.chainId }] });
  if (!verified.ok) throw new Error(verified.message);
  return verified.advert;
}

/** `POST path` to `to` over libp2p, as any peer can send it. */
function overLibp2p<T>(to: Provider, path: string, answer: ZodType<T>, body?: unknown) {
  return requestJson({
    baseUrl: `http://${testHost}`,
    fetch: createLibp2pTransport({ libp2p: requestor, multiaddrs: to.node.getMultiaddrs() }).fetch,
    timeoutMs: 10_000,
    method: "POST",
    path,
    answer,
    body,
  });
}

describe("provider identity over libp2p (real nodes, TCP on 127.0.0.1)", () => {
  test("the client picks libp2p from the advert, reaches its peer and signs in bound to it", async () => {
    const signer = countingSigner();
    const client = providerClientForAdvert({
      advert: await advertOf(a, a.peerId),
      libp2p: requestor,
      signer,
      timeoutMs: 10_000,
    });
    expect(client.transport).toBe("libp2p");
    await client.signIn();
    expect(client.remotePeerId()).toBe(a.peerId);
    expect(signer.signatures).toBe(1);
    expect(await client.listVms()).toEqual([]);
  });

  test("a provider whose libp2p peer id differs from its advert's is refused before any signature", async () => {
    // The advert names B's peer id at A's addresses: the node there proves A's identity.
    const signer = countingSigner();
    const client = providerClientForAdvert({
      advert: await advertOf(a, b.peerId),
      libp2p: requestor,
      signer,
      timeoutMs: 10_000,
    });
    const refused = await golemRejection(client.signIn());
    expect(refused.code).toBe("PROVIDER_IDENTITY_MISMATCH");
    expect(refused.message).toContain(b.peerId);
    expect(refused.hints[0]).toMatch(/nothing was signed/);
    await expect(golemRejection(client.listVms())).resolves.toMatchObject({
      code: "PROVIDER_IDENTITY_MISMATCH",
    });
    expect(signer.signatures).toBe(0);
  });

  test("a nonce from B relayed by A (naming B's peer) is refused by the client before it signs", async () => {
    // What a relaying A answers: B's nonce verbatim. The client expects A's peer from A's advert.
    const relayed: NonceView = await overLibp2p(b, "/auth/nonce", nonceViewSchema);
    expect(relayed.peerId).toBe(b.peerId);
    const signer = countingSigner();
    const client = createProviderClient({
      baseUrl: `http://${testHost}`,
      signer,
      fetch: async () => Response.json(relayed),
      peerId: a.peerId,
    });
    const refused = await golemRejection(client.signIn());
    expect(refused.code).toBe("SIWE_DOMAIN_MISMATCH");
    expect(refused.details).toMatchObject({ field: "peer id", expected: a.peerId });
    expect(signer.signatures).toBe(0);
  });

  test("a SIWE message made for provider A is refused by provider B over libp2p (relay attack)", async () => {
    // A relays B's nonce to its victim but as its own (A's peer id): the domain is the same for
    // both, so only the peer id in the message tells B it was made for A.
    const victim = randomAccount();
    const nonce = await overLibp2p(b, "/auth/nonce", nonceViewSchema);
    const forA = await signSiwe({ account: victim, ...nonce, peerId: a.peerId });
    const refused = await golemRejection(overLibp2p(b, "/auth/verify", nonceViewSchema, forA));
    expect(refused.code).toBe("SIWE_INVALID");
    expect(refused.message).toContain(`not this provider's (${b.peerId})`);
    // Without any peer id it is refused as well; the same nonce made for B signs in.
    const unbound = await signSiwe({ account: victim, ...nonce, peerId: undefined });
    await expect(
      golemRejection(overLibp2p(b, "/auth/verify", nonceViewSchema, unbound)),
    ).resolves.toMatchObject({ code: "SIWE_INVALID" });
    const forB = await signSiwe({ account: victim, ...nonce, peerId: b.peerId });
    const session = await overLibp2p(b, "/auth/verify", sessionViewSchema, forB);
    expect(session.address.toLowerCase()).toBe(victim.address.toLowerCase());
  });
});
