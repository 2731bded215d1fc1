/**
 * The testnet's bootstrap peer, run inside its namespace: a libp2p node in advert gossip (no
 * advert of its own) on TCP and WebRTC-direct (the address a browser page bootstraps through;
 * its certhash is new on every start, as the testnet's addresses are) that relays and stores adverts of `--chain-id`, serves snapshots and
 * answers providers' dial-back requests. Prints one JSON line `{ "multiaddrs": [...] }` once it
 * listens and runs until SIGTERM or SIGINT.
 *
 * @example ip netns exec gtn-a1b2c3-boot node scripts/lib/testnet/boot-peer.ts --host 198.51.100.20 --chain-id 31337 --webrtc-port 7469
 */
import { parseArgs } from "node:util";
import { tcp } from "@libp2p/tcp";
import { webRTCDirect } from "@libp2p/webrtc";
import { createGossipPeer } from "@vm-on-golem/sdk/discovery";
import { handleDialBack } from "@vm-on-golem/sdk/discovery/node";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { printScriptError } from "../script-error.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string", default: "7467" },
      "webrtc-port": { type: "string", default: "7469" },
      "chain-id": { type: "string" },
    },
  });
  if (!values.host || !values["chain-id"]) {
    throw new GolemError("VALIDATION_FAILED", "--host and --chain-id are required", {
      hints: ["the testnet starts this program itself (scripts/lib/testnet/start-testnet.ts)"],
    });
  }
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const peer = await createGossipPeer({
    transports: [tcp(), webRTCDirect()],
    listen: [
      `/ip4/${values.host}/tcp/${values.port}`,
      `/ip4/${values.host}/udp/${values["webrtc-port"]}/webrtc-direct`,
    ],
    accept: [{ chainId: Number(values["chain-id"]) }],
    doPX: true,
  });
  // Every address in the testnet is a documentation or LAN address: dial them back too.
  await handleDialBack(peer.libp2p, { allowPrivateTargets: true });
  console.log(JSON.stringify({ multiaddrs: peer.multiaddrs() }));
  await stopped;
  await peer.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    printScriptError(error, { usage: "boot-peer.ts --host IP --chain-id N" });
    process.exit(1);
  },
);
