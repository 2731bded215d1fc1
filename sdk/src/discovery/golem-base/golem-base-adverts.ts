import type { Hex } from "viem";
import { type Advert, encodeSignedAdvert, type SignedAdvert } from "../../advert/advert-schema.ts";
import type { AdvertStore } from "../../advert/advert-store.ts";
import type { GolemBaseClient, GolemBaseTxOptions } from "./golem-base-client.ts";
import type { NumericAnnotation, StringAnnotation } from "./golem-base-transaction.ts";

/** `app` annotation of every advert entity. */
export const GOLEM_BASE_APP = "vm-on-golem";
/** `type` annotation of advert entities (bump with the advert format). */
export const GOLEM_BASE_ADVERT_TYPE = "advert/1";
/** Golem Base block time used to turn an advert's lifetime into a BTL, seconds. */
export const GOLEM_BASE_BLOCK_SECONDS = 2;

/** Annotations stored with an advert entity, so readers can query without downloading all. */
export function advertAnnotations(advert: Advert): {
  stringAnnotations: StringAnnotation[];
  numericAnnotations: NumericAnnotation[];
} {
  return {
    stringAnnotations: [
      { key: "app", value: GOLEM_BASE_APP },
      { key: "type", value: GOLEM_BASE_ADVERT_TYPE },
      { key: "provider", value: advert.provider.toLowerCase() },
      { key: "country", value: advert.country },
      { key: "platform", value: advert.platform },
    ],
    numericAnnotations: [
      { key: "chainId", value: advert.chainId },
      { key: "cpuFree", value: advert.resources.free.cpu },
      { key: "memoryGiBFree", value: advert.resources.free.memoryGiB },
      { key: "storageGiBFree", value: advert.resources.free.storageGiB },
      { key: "expiresAt", value: advert.expiresAt },
    ],
  };
}

/** Parameters of {@link publishAdvertToGolemBase}. */
export type PublishAdvertToGolemBaseParameters = {
  client: GolemBaseClient;
  signed: SignedAdvert;
  /** Entity from an earlier publish: updated instead of creating a new one. */
  entityKey?: Hex | undefined;
  /** Unix seconds; default now. */
  now?: number | undefined;
  txOptions?: GolemBaseTxOptions | undefined;
};

/**
 * Stores a signed advert as a Golem Base entity (data = the advert JSON) whose BTL covers the
 * advert's remaining lifetime, so Golem Base drops it when the advert expires. Returns the entity key.
 *
 * @example
 * const key = await publishAdvertToGolemBase({ client, signed: node.current() });
 * await publishAdvertToGolemBase({ client, signed: node.current(), entityKey: key }); // later
 */
export async function publishAdvertToGolemBase(
  parameters: PublishAdvertToGolemBaseParameters,
): Promise<Hex> {
  const { advert } = parameters.signed;
  const now = parameters.now ?? Math.floor(Date.now() / 1000);
  const btl = Math.max(1, Math.ceil((advert.expiresAt - now) / GOLEM_BASE_BLOCK_SECONDS));
  const entity = { btl, data: encodeSignedAdvert(parameters.signed), ...advertAnnotations(advert) };
  const receipt = await parameters.client.sendTransaction(
    parameters.entityKey
      ? { updates: [{ ...entity, entityKey: parameters.entityKey }] }
      : { creates: [entity] },
    parameters.txOptions,
  );
  const key = receipt.entityKeys[0] ?? parameters.entityKey;
  if (!key) throw new Error(`Golem Base transaction ${receipt.hash} created no entity`);
  return key;
}

/** The query for advert entities, optionally of one chain. */
export function golemBaseAdvertQuery(chainId?: number): string {
  const base = `app = "${GOLEM_BASE_APP}" && type = "${GOLEM_BASE_ADVERT_TYPE}"`;
  return chainId === undefined ? base : `${base} && chainId = ${chainId}`;
}

/** Parameters of {@link admitGolemBaseAdverts}. */
export type AdmitGolemBaseAdvertsParameters = {
  client: GolemBaseClient;
  /** Receives every advert; it verifies each signature itself (Golem Base is not trusted). */
  store: AdvertStore;
  /** Only adverts of this chain. */
  chainId?: number | undefined;
};

/**
 * Reads advert entities from Golem Base and admits those that verify into `store`.
 * Returns the adverts now held from this read.
 */
export async function admitGolemBaseAdverts(
  parameters: AdmitGolemBaseAdvertsParameters,
): Promise<SignedAdvert[]> {
  const entities = await parameters.client.queryEntities(golemBaseAdvertQuery(parameters.chainId));
  const held: SignedAdvert[] = [];
  for (const entity of entities) {
    const result = await parameters.store.admit(entity.value);
    if (result.status !== "refused") held.push(result.signed);
  }
  return held;
}
