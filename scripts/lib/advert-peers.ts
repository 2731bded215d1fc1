/**
 * The libp2p multiaddrs a provider node advertises (`GET /api/v1/adverts`), to bootstrap a
 * client into its gossip: WebRTC-direct ones for a browser (WebSockets ones for a loopback-only
 * comparison), plain TCP ones for the CLI. Waits up to `timeoutMs` for the node's first advert,
 * then gives what it has.
 *
 * @example
 * const browserPeers = await advertPeers(daemon.apiUrl, "webrtc-direct");
 * const cliPeers = await advertPeers(daemon.apiUrl, "tcp");
 */
export async function advertPeers(
  apiUrl: string,
  transport: "webrtc-direct" | "ws" | "tcp",
  timeoutMs = 15_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const wanted = (m: string) =>
    transport === "webrtc-direct"
      ? m.includes("/webrtc-direct/")
      : transport === "ws"
        ? m.includes("/ws/")
        : m.includes("/tcp/") && !m.includes("/ws");
  for (;;) {
    const body = (await fetch(`${apiUrl}/api/v1/adverts`)
      .then((r) => r.json())
      .catch(() => ({}))) as { adverts?: { advert: { multiaddrs: string[] } }[] };
    const peers = (body.adverts ?? []).flatMap((a) => a.advert.multiaddrs).filter(wanted);
    if (peers.length > 0 || Date.now() > deadline) return peers;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
