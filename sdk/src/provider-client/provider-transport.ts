/** How a provider client reaches the provider API: a `fetch`, and who answered it. */
export type ProviderTransport = {
  kind: "http" | "libp2p";
  fetch: typeof fetch;
  /** The peer id every connection must prove (libp2p); undefined over HTTP. */
  peerId?: string | undefined;
  /** The provider's libp2p peer id as the last connection's encryption authenticated it; undefined over HTTP. */
  remotePeerId(): string | undefined;
};

/** The plain HTTP transport: the global `fetch` (or the one given). */
export function createHttpTransport(
  fetcher: typeof fetch = (i, o) => fetch(i, o),
): ProviderTransport {
  return { kind: "http", fetch: fetcher, remotePeerId: () => undefined };
}
