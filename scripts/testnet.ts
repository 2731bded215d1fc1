/**
 * `./dev testnet`: a testnet of hosts in network namespaces (see scripts/lib/testnet/topology.ts):
 * a chain host, a bootstrap libp2p peer, two providers on public addresses, one behind a NAT
 * router and a requestor host, all real programs. Prints how to enter each host and keeps it
 * up until Ctrl-C; everything it made is removed on exit, on SIGINT/SIGTERM and on failure.
 * Needs root (`ip netns`, `nft`).
 */

import { GolemError } from "@vm-on-golem/sdk/errors";
import { buildContracts } from "./lib/build-contracts.ts";
import { golemBin } from "./lib/golem-cli.ts";
import { printScriptError } from "./lib/script-error.ts";
import { startTestnet } from "./lib/testnet/start-testnet.ts";

const usage = "sudo ./dev testnet";

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new GolemError("TESTNET_NEEDS_ROOT", "./dev testnet runs as root only", {
      details: { uid: process.getuid?.() ?? null },
    });
  }
  // The chain host deploys the compiled contracts: compile them first when they changed.
  await buildContracts({ log: (line) => console.log(line) });
  const abort = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const onSignal = () => {
      abort.abort(new Error("stopped by a signal while starting"));
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  const testnet = await startTestnet({ log: (line) => console.log(line), signal: abort.signal });
  try {
    const { topology, requestorEnv } = testnet;
    const env = Object.entries(requestorEnv)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ");
    console.log("\nHosts (enter one with the command beside it):");
    const rows: [string, string, string][] = [
      ["chain", topology.chain.address, topology.chain.ns],
      ["bootstrap", topology.boot.address, topology.boot.ns],
      ...testnet.providers.map(
        (p) =>
          [p.name, `${p.host.address} (advertised ${p.publicAddress})`, p.host.ns] as [
            string,
            string,
            string,
          ],
      ),
      ["nat router", `${topology.nat.address} / ${topology.nat.lanAddress}`, topology.nat.ns],
      ["requestor", topology.requestor.address, topology.requestor.ns],
      ["internet", "bridge br0, router 198.51.100.1 192.0.2.1 203.0.113.1", topology.net.ns],
    ];
    for (const [name, address, ns] of rows) {
      console.log(`  ${name.padEnd(11)} ${address.padEnd(44)} sudo ip netns exec ${ns} bash`);
    }
    console.log(
      `\nThe requestor's CLI:\n  sudo ip netns exec ${topology.requestor.ns} env ${env} ${process.execPath} ${golemBin} vm providers`,
    );
    console.log(`Logs and data: ${testnet.dir}\nCtrl-C to stop and remove everything.`);
    await stopped;
  } finally {
    await testnet.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    printScriptError(error, { usage });
    process.exit(1);
  },
);
