// Advert gossip latency: N real libp2p nodes on loopback (one process), one advert change per
// round, time from `update()` until each node holds the new advert. Last line is JSON for CI.
// Usage: node bench/gossip.ts [--nodes 30] [--rounds 5]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { DEFAULT_MIN_REPUBLISH_SECONDS } from "../sdk/src/discovery/advert-gossip.ts";
import { testProvider } from "../sdk/test-support/test-adverts.ts";
import { startTestNetwork, waitFor } from "../sdk/test-support/test-network.ts";

const { values } = parseArgs({
  options: { nodes: { type: "string", default: "30" }, rounds: { type: "string", default: "5" } },
});
const nodes = Number(values.nodes);
const rounds = Number(values.rounds);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const provider = testProvider();
// A provider publishes at most once per (limit + 2 s) so relays never drop its adverts: space
// rounds by that, so each round measures propagation and not the provider's wait for its turn.
const roundGapMs = (DEFAULT_MIN_REPUBLISH_SECONDS + 2) * 1000 + 200;
const started = performance.now();
const net = await startTestNetwork({ relays: nodes - 1, provider });
console.log(
  `started ${nodes} nodes (${nodes - 1} relays + 1 provider) in ${Math.round(performance.now() - started)} ms`,
);
try {
  await waitFor(
    () => net.relays.every((r) => r.store.get(provider.address)),
    30_000,
    "first advert",
  );
  console.log(`first advert on every node after ${Math.round(performance.now() - started)} ms`);
  await new Promise((resolve) => setTimeout(resolve, roundGapMs)); // let meshes settle

  const samples: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const received = new Map<number, number>();
    const price = BigInt(1000 + round);
    const listeners = net.relays.map((relay, i) =>
      relay.store.onChange((signed) => {
        if (signed.advert.prices.perCoreHour === price && !received.has(i))
          received.set(i, performance.now());
      }),
    );
    const t0 = performance.now();
    const current = net.provider.current().advert.prices;
    await net.provider.update({ prices: { ...current, perCoreHour: price } });
    await waitFor(() => received.size === net.relays.length, 20_000, `round ${round}`);
    for (const stop of listeners) stop();
    const latencies = [...received.values()].map((t) => t - t0).sort((a, b) => a - b);
    samples.push(...latencies);
    const last = latencies.at(-1) ?? 0;
    console.log(
      `round ${round}: ${latencies.length} nodes, p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${last.toFixed(1)} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, roundGapMs));
  }
  samples.sort((a, b) => a - b);
  const p50 = Math.round(percentile(samples, 50));
  const p95 = Math.round(percentile(samples, 95));
  console.log(`${samples.length} samples over ${rounds} rounds; target p95 <= 2000 ms`);
  console.log(JSON.stringify({ nodes, p50Ms: p50, p95Ms: p95 }));
} finally {
  await net.stop();
}
