import { bytesToHex, type Hex, numberToHex, stringToHex, toRlp } from "viem";

/** Golem Base storage transactions are sent (value 0) to this address with the RLP payload as data. */
export const GOLEM_BASE_STORAGE_ADDRESS = "0x0000000000000000000000000000000060138453" as const;

/** A string annotation (indexed, queryable with `key = "value"`). */
export type StringAnnotation = { key: string; value: string };
/** A numeric annotation (uint64, queryable with `key = 123`). */
export type NumericAnnotation = { key: string; value: bigint | number };

/** A new entity living `btl` blocks. */
export type GolemBaseCreate = {
  btl: number;
  data: Uint8Array;
  stringAnnotations: StringAnnotation[];
  numericAnnotations: NumericAnnotation[];
};
/** Replaces an entity's data, annotations and lifetime (owner only). */
export type GolemBaseUpdate = GolemBaseCreate & { entityKey: Hex };
/** Extends an entity's lifetime by `numberOfBlocks`. */
export type GolemBaseExtend = { entityKey: Hex; numberOfBlocks: number };

/** One atomic Golem Base storage transaction. */
export type GolemBaseTransaction = {
  creates?: GolemBaseCreate[] | undefined;
  updates?: GolemBaseUpdate[] | undefined;
  deletes?: Hex[] | undefined;
  extensions?: GolemBaseExtend[] | undefined;
};

// RLP integers are minimal big-endian bytes; zero is the empty string.
const uint = (value: bigint | number): Hex => (BigInt(value) === 0n ? "0x" : numberToHex(value));

const annotations = (create: GolemBaseCreate) => [
  create.stringAnnotations.map((a) => [stringToHex(a.key), stringToHex(a.value)]),
  create.numericAnnotations.map((a) => [stringToHex(a.key), uint(a.value)]),
];

/**
 * RLP payload of a storage transaction, as golembase-op-geth decodes it:
 * `[creates, updates, deletes, extensions]` with
 * create = `[btl, data, [[key, value]…], [[key, uint]…]]`,
 * update = `[entityKey, btl, data, stringAnnotations, numericAnnotations]`,
 * extension = `[entityKey, numberOfBlocks]`.
 */
export function encodeGolemBaseTransaction(tx: GolemBaseTransaction): Hex {
  return toRlp([
    (tx.creates ?? []).map((c) => [uint(c.btl), bytesToHex(c.data), ...annotations(c)]),
    (tx.updates ?? []).map((u) => [
      u.entityKey,
      uint(u.btl),
      bytesToHex(u.data),
      ...annotations(u),
    ]),
    tx.deletes ?? [],
    (tx.extensions ?? []).map((e) => [e.entityKey, uint(e.numberOfBlocks)]),
  ]);
}
