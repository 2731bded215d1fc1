"use client";

import type { AcceptedDeployment } from "@vm-on-golem/sdk/advert";
import type { DiscoveryClient } from "@vm-on-golem/sdk/discovery";
import { useEffect, useState } from "react";
import { type ProviderRow, rowFromAdvert } from "../lib/provider-rows.ts";

/** What the page's own libp2p node found. */
export type GossipAdverts = {
  rows: ProviderRow[];
  peers: number;
  started: boolean;
  error: unknown;
};

/**
 * Joins advert gossip from the page: js-libp2p over WebSockets to `bootstrap` multiaddrs, loaded
 * with a dynamic import so only this page pays for it. Every advert is verified by the sdk's store
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
