import type { PeerId, Stream } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import { z } from "zod";
import {
  MAX_ADVERT_BYTES,
  type SignedAdvertJson,
  signedAdvertToJson,
} from "../advert/advert-schema.ts";
import type { AdvertStore } from "../advert/advert-store.ts";
import type { AdvertLibp2p } from "./create-advert-libp2p.ts";
import { MAX_SNAPSHOT_ADVERTS, SNAPSHOT_PROTOCOL } from "./discovery-protocols.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const headerSchema = z.object({ count: z.number().int().nonnegative() });

/**
 * Every held, unexpired advert in wire form: the body of `GET /api/v1/adverts` is
 * `{ adverts: listAdverts(store) }`. Readers verify each advert themselves.
 *
 * @example
 * app.get("/api/v1/adverts", (c) => c.json({ adverts: listAdverts(node.store) }));
 */
export function listAdverts(store: AdvertStore): SignedAdvertJson[] {
  return store.list().map(signedAdvertToJson);
}

/**
 * Serves {@link SNAPSHOT_PROTOCOL} on `libp2p`: on each stream, writes a header frame
 * `{"count": n}` then n frames, one signed advert (JSON) each, and closes.
 */
export async function handleAdvertSnapshot(
  libp2p: AdvertLibp2p,
  store: AdvertStore,
): Promise<void> {
  await libp2p.handle(
    SNAPSHOT_PROTOCOL,
    async (stream: Stream) => {
      try {
        const adverts = listAdverts(store).slice(0, MAX_SNAPSHOT_ADVERTS);
        const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES });
        await lp.writeV([
          encoder.encode(JSON.stringify({ count: adverts.length })),
          ...adverts.map((advert) => encoder.encode(JSON.stringify(advert))),
        ]);
        await stream.close();
      } catch (error) {
        stream.abort(error instanceof Error ? error : new Error(String(error)));
      }
    },
    { maxInboundStreams: 8 },
  );
}

/** Parameters of {@link requestAdvertSnapshot}. */
export type RequestAdvertSnapshotParameters = {
  libp2p: AdvertLibp2p;
  peer: PeerId;
  /** Give up after this many ms. Default 10 000. */
  timeoutMs?: number | undefined;
};

/**
 * Asks a peer for every advert it holds. Returns the raw JSON values, NOT verified: pass each
 * to `AdvertStore.admit` (or `verifyAdvert`), which checks signatures and times.
 */
export async function requestAdvertSnapshot(
  parameters: RequestAdvertSnapshotParameters,
): Promise<unknown[]> {
  const signal = AbortSignal.timeout(parameters.timeoutMs ?? 10_000);
  const stream = await parameters.libp2p.dialProtocol(parameters.peer, SNAPSHOT_PROTOCOL, {
    signal,
  });
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES });
    const header = headerSchema.parse(
      JSON.parse(decoder.decode((await lp.read({ signal })).subarray())),
    );
    const count = Math.min(header.count, MAX_SNAPSHOT_ADVERTS);
    const adverts: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const frame = await lp.read({ signal });
      try {
        adverts.push(JSON.parse(decoder.decode(frame.subarray())));
      } catch {
        // One unreadable advert does not spoil the others; verification drops it anyway.
      }
    }
    await stream.close({ signal });
    return adverts;
  } catch (error) {
    stream.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/** Result of {@link admitSnapshot}. */
export type AdmitSnapshotReturnType = {
  received: number;
  /** New or newer adverts now held. */
  admitted: number;
  /** Adverts that failed verification or were older than the held ones. */
  refused: number;
};

/** Fetches a peer's snapshot and admits every advert that verifies into `store`. */
export async function admitSnapshot(
  parameters: RequestAdvertSnapshotParameters & { store: AdvertStore },
): Promise<AdmitSnapshotReturnType> {
  const adverts = await requestAdvertSnapshot(parameters);
  let admitted = 0;
  let refused = 0;
  for (const advert of adverts) {
    const { status } = await parameters.store.admit(advert, { source: parameters.peer.toString() });
    if (status === "added" || status === "replaced") admitted++;
    if (status === "refused") refused++;
  }
  return { received: adverts.length, admitted, refused };
}
