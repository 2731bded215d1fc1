import { z } from "zod";

const listenPort = z.number().int().min(0).max(65_535);

/**
 * The `discovery` section of the provider config: the libp2p node that publishes the signed
 * advert (gossip, snapshots, `GET /api/v1/adverts`), the reachability check, Golem Base.
 */
export const discoveryConfigSchema = z.object({
  enabled: z
    .boolean()
    .default(true)
    .describe("join advert gossip and publish this provider's signed advert (boolean)"),
  tcpPort: listenPort
    .default(7467)
    .describe("TCP port of the libp2p node (port; 0: any free port)"),
  wsPort: listenPort
    .default(7468)
    .describe(
      "WebSockets port of the libp2p node, for Node peers and loopback development (port; 0: any free port)",
    ),
  webrtcPort: listenPort
    .default(7469)
    .describe(
      "UDP port of the libp2p node's WebRTC-direct listener, how browsers join gossip from an https page; its certificate is kept in <dataDir>/webrtc-direct.pem (port; 0: any free port)",
    ),
  listenHost: z
    .string()
    .min(1)
    .default("0.0.0.0")
    .describe("address the libp2p listeners bind (IP address)"),
  bootstrap: z
    .array(z.string())
    .default([])
    .describe("peers to join the network through (list of multiaddrs ending in /p2p/<peer id>)"),
  announce: z
    .array(z.string())
    .default([])
    .describe(
      "libp2p addresses to announce instead of the listen addresses (list of multiaddrs; empty: the listen addresses)",
    ),
  advertIntervalSeconds: z
    .number()
    .int()
    .min(10)
    .max(900)
    .default(240)
    .describe(
      "how often the advert is re-signed and published; it lives 3 intervals + 60 s (seconds)",
    ),
  verifyReachability: z
    .boolean()
    .default(true)
    .describe(
      "at start ask connected peers to dial the API port and an SSH port back (boolean; --no-verify-port turns it off)",
    ),
  allowPrivateDialBack: z
    .boolean()
    .default(false)
    .describe(
      "when other providers ask, dial back private and loopback addresses too (boolean; LANs and tests)",
    ),
  golemBase: z
    .object({
      enabled: z
        .boolean()
        .default(false)
        .describe("also store the advert as a Golem Base entity (boolean)"),
      rpcUrl: z.string().default("").describe("JSON-RPC endpoint of the Golem Base node (URL)"),
      chainId: z
        .number()
        .int()
        .min(1)
        .default(60_138_453)
        .describe("chain id of the Golem Base network (chain id)"),
    })
    .refine((golemBase) => !golemBase.enabled || golemBase.rpcUrl !== "", {
      message: "discovery.golemBase.enabled needs discovery.golemBase.rpcUrl",
      path: ["rpcUrl"],
    }),
});

/** The resolved `discovery` section. */
export type DiscoveryConfig = z.output<typeof discoveryConfigSchema>;
