/**
 * Round trip of the provider API over libp2p against plain HTTP on loopback, side by side in one
 * run: the real API app (fake VM driver) listens on 127.0.0.1 and is served on a real libp2p node
 * (TCP, noise, yamux); one requestor calls `GET /api/v1/provider/info` through the sdk provider
 * client N times per transport, interleaved, after a warm-up. Prints medians and the ratio, then
 * as its last line one JSON object. Target (issue 17): libp2p / HTTP <= 1.5.
 *
 * @example node bench/api-libp2p.ts --runs 200
 */
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { tcp } from "@libp2p/tcp";
import { createProviderClient, type ProviderClient } from "@vm-on-golem/sdk/provider-client";
import { createLibp2pTransport } from "@vm-on-golem/sdk/provider-client/libp2p";
import { createLibp2p } from "libp2p";
import { serveApiOverLibp2p } from "../provider-node/src/api/libp2p/serve-api-over-libp2p.ts";
import { createApiHarness } from "../provider-node/test/support/api-harness.ts";
import { median } from "./lib/bench-kit.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" } } });
const runs = Number(values.runs);
const tcpNode = (listen: string[]) =>
  createLibp2p({
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });

const harness = await createApiHarness();
await harness.app.listen({ host: "127.0.0.1", port: 0 });
const port = (harness.app.server.address() as AddressInfo).port;
const provider = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
const requestor = await tcpNode([]);
try {
  await serveApiOverLibp2p({ libp2p: provider, app: harness.app });
  const overHttp = createProviderClient({ baseUrl: `http://127.0.0.1:${port}` });
  const overLibp2p = createProviderClient({
    baseUrl: `http://127.0.0.1:${port}`,
    transport: createLibp2pTransport({ libp2p: requestor, multiaddrs: provider.getMultiaddrs() }),
  });
  const time = async (client: ProviderClient) => {
    const started = performance.now();
    await client.providerInfo();
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) {
    await time(overHttp);
    await time(overLibp2p);
  }
  const http: number[] = [];
  const p2p: number[] = [];
  for (let i = 0; i < runs; i++) {
    http.push(await time(overHttp));
    p2p.push(await time(overLibp2p));
  }
  const httpMs = median(http);
  const libp2pMs = median(p2p);
  const ratio = libp2pMs / httpMs;
  console.log(`GET /api/v1/provider/info, median of ${runs} each (loopback):`);
  console.log(`  plain HTTP      ${httpMs.toFixed(2)} ms`);
  console.log(`  libp2p (TCP)    ${libp2pMs.toFixed(2)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)} (target <= 1.5)`);
  console.log(
    JSON.stringify({
      runs,
      httpMs: Number(httpMs.toFixed(3)),
      libp2pMs: Number(libp2pMs.toFixed(3)),
      ratio: Number(ratio.toFixed(3)),
    }),
  );
} finally {
  await requestor.stop();
  await provider.stop();
  await harness.close();
}
