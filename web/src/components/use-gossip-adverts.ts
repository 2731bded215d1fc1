"use client";

import type { AcceptedDeployment } from "@vm-on-golem/sdk/advert";
import type { DiscoveryClient } from "@vm-on-golem/sdk/discovery";
import { useEffect, useState } from "react";
import { type ProviderRow, rowFromAdvert } from "../lib/provider-rows.ts";

/** What the page's own libp2p node found. */
export type GossipAdverts = {
  rows: ProviderRow[];
  peers: number;
  /** How the page is connected, e.g. `["webrtc-direct"]` (sorted, each once). */
  transports: string[];
  started: boolean;
  error: unknown;
};

/**
 * Joins advert gossip from the page: js-libp2p over WebRTC-direct to `bootstrap` multiaddrs (no CA
 * certificate needed, so it works from an https origin; WebSockets only when a bootstrap peer is a
 * loopback `ws` or a `wss` address), loaded with a dynamic import so only this page pays for it. Every advert is verified by the sdk's store
 * before it is listed. Does nothing without bootstrap peers.
 *
 * @example
 * const gossip = useGossipAdverts(config.bootstrapPeers, [{ chainId: 31337 }], true);
 */
export function useGossipAdverts(
  bootstrap: string[],
  accept: AcceptedDeployment[],
  allowPrivateAddresses: boolean,
): GossipAdverts {
  const [state, setState] = useState<GossipAdverts>({
    rows: [],
    peers: 0,
    transports: [],
    started: false,
    error: undefined,
  });
  const peersKey = bootstrap.join(",");
  const acceptKey = JSON.stringify(accept);
  useEffect(() => {
    if (peersKey === "") return;
    let client: DiscoveryClient | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const update = () => {
      if (!client || stopped) return;
      setState({
        rows: client.store.list().map((signed) => rowFromAdvert(signed.advert)),
        peers: client.libp2p.getConnections().length,
        transports: transportsOf(
          client.libp2p.getConnections().map((c) => c.remoteAddr.toString()),
        ),
        started: true,
        error: undefined,
      });
    };
    (async () => {
      const { createDiscoveryClient } = await import("@vm-on-golem/sdk/discovery");
      client = await createDiscoveryClient({
        bootstrap: peersKey.split(","),
        accept: JSON.parse(acceptKey) as AcceptedDeployment[],
        allowPrivateAddresses,
      });
      if (stopped) return void (await client.stop());
      client.store.onChange(update);
      timer = setInterval(update, 3_000);
      await client.refresh({ waitForPeersMs: 10_000 });
      update();
    })().catch((error: unknown) => {
      if (!stopped) setState((s) => ({ ...s, started: true, error }));
    });
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      void client?.stop();
    };
  }, [peersKey, acceptKey, allowPrivateAddresses]);
  return state;
}

/** The transport of each connection's remote address: `webrtc-direct`, `wss`, `ws` or `other`. */
function transportsOf(addresses: string[]): string[] {
  const names = addresses.map((address) => {
    if (address.includes("/webrtc-direct")) return "webrtc-direct";
    if (/\/(wss|tls\/ws)(\/|$)/.test(address)) return "wss";
    return /\/ws(\/|$)/.test(address) ? "ws" : "other";
  });
  return [...new Set(names)].sort();
}
