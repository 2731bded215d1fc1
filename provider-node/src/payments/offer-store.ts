import type { DatabaseSync } from "node:sqlite";
import { type SignedOffer, signedOfferSchema, signedOfferToJson } from "@vm-on-golem/sdk/offer";
import type { Address, Hex } from "viem";

/** An offer this provider issued, as its table holds it. */
export type StoredOffer = {
  serviceId: Hex;
  requestor: Address;
  signed: SignedOffer;
  /** Unix seconds. */
  expiresAt: number;
  /** The VM the offer paid for, once used. */
  usedByVm: string | null;
};

type Row = Record<string, string | number | null>;

/**
 * Typed access to the `offers` table: every offer the node signed, keyed by service id.
 *
 * @example
 * const offers = createOfferStore(db);
 * offers.insert(serviceIdOf(signed.offer), signed, Date.now());
 */
export function createOfferStore(db: DatabaseSync) {
  const insert = db.prepare(`
    INSERT INTO offers (service_id, requestor, body, expires_at, created_at, used_by_vm)
    VALUES (?, ?, ?, ?, ?, NULL)`);
  const selectOne = db.prepare("SELECT * FROM offers WHERE service_id = ?");
  const markUsed = db.prepare(
    "UPDATE offers SET used_by_vm = ?, stream_id = ? WHERE service_id = ? AND used_by_vm IS NULL",
  );
  const selectStreams = db.prepare(
    "SELECT stream_id FROM offers WHERE stream_id IS NOT NULL ORDER BY CAST(stream_id AS INTEGER)",
  );
  const selectPaying = db.prepare(
    `SELECT stream_id FROM offers WHERE stream_id IS NOT NULL AND stream_done_at IS NULL
     ORDER BY CAST(stream_id AS INTEGER)`,
  );
  const markDone = db.prepare(
    "UPDATE offers SET stream_done_at = ? WHERE stream_id = ? AND stream_done_at IS NULL",
  );
  const release = db.prepare("UPDATE offers SET used_by_vm = NULL WHERE used_by_vm = ?");
  const prune = db.prepare("DELETE FROM offers WHERE used_by_vm IS NULL AND expires_at < ?");
  // Through the expires_at index: only unexpired offers are scanned.
  const countOpen = db.prepare(
    "SELECT count(*) AS n FROM offers WHERE expires_at > ? AND requestor = ? AND used_by_vm IS NULL",
  );

  return {
    /** Stores a freshly signed offer. */
    insert(serviceId: Hex, signed: SignedOffer, nowMs: number): void {
      insert.run(
        serviceId.toLowerCase(),
        signed.offer.requestor.toLowerCase(),
        JSON.stringify(signedOfferToJson(signed)),
        signed.offer.expiresAt,
        nowMs,
      );
    },
    /** The offer with `serviceId`, or undefined when this node never signed it. */
    get(serviceId: Hex): StoredOffer | undefined {
      const row = selectOne.get(serviceId.toLowerCase()) as Row | undefined;
      if (!row) return undefined;
      return {
        serviceId: row.service_id as Hex,
        requestor: row.requestor as Address,
        signed: signedOfferSchema.parse(JSON.parse(row.body as string)),
        expiresAt: row.expires_at as number,
        usedByVm: row.used_by_vm as string | null,
      };
    },
    /** Marks an offer used by `vmId` and `streamId`; false when it was used already (run it in a transaction). */
    markUsed(serviceId: Hex, vmId: string, streamId: string): boolean {
      return markUsed.run(vmId, streamId, serviceId.toLowerCase()).changes === 1;
    },
    /** Every stream that ever paid this node for a VM (decimal ids), oldest first. */
    paidStreams(): string[] {
      return (selectStreams.all() as Row[]).map((row) => row.stream_id as string);
    },
    /**
     * Streams that can still pay this node (decimal ids), oldest first: every paid stream but
     * those marked done ({@link markStreamDone}).
     */
    payingStreams(): string[] {
      return (selectPaying.all() as Row[]).map((row) => row.stream_id as string);
    },
    /** Records that `streamId` is closed with nothing left to withdraw: it is read no more. */
    markStreamDone(streamId: string, nowMs: number): void {
      markDone.run(nowMs, streamId);
    },
    /** Frees the offer a VM used (its create was refused after the claim). */
    releaseFor(vmId: string): void {
      release.run(vmId);
    },
    /** How many offers `requestor` holds that are unused and not expired at `nowSeconds`. */
    countOpen(requestor: Address, nowSeconds: number): number {
      return Number((countOpen.get(nowSeconds, requestor.toLowerCase()) as Row).n);
    },
    /** Deletes unused offers that expired before `nowSeconds`; returns how many. */
    pruneExpired(nowSeconds: number): number {
      return Number(prune.run(nowSeconds).changes);
    },
  };
}

/** The store returned by {@link createOfferStore}. */
export type OfferStore = ReturnType<typeof createOfferStore>;
