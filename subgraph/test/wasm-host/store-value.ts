// graph-ts store values (`Value`, `Entity` = `TypedMap<string, Value>`) between a mapping's memory
// and plain JS, laid out as graph-node's AscEnum<StoreValueKind> and AscTypedMap.
import { toHex } from "viem";
import { type AscMemory, bigIntToBytes, bytesToBigInt, TypeId } from "./asc-memory.ts";

/** A store value in JS: the graph-ts `ValueKind` name and its data. */
export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "Int8"; value: bigint }
  | { kind: "Timestamp"; value: bigint }
  | { kind: "BigInt"; value: bigint }
  | { kind: "Bytes"; value: `0x${string}` }
  | { kind: "Boolean"; value: boolean }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" };

/** An entity's attributes by field name. */
export type EntityData = Map<string, StoreValue>;

// graph-ts common/value.ts ValueKind
const KINDS = [
  "String",
  "Int",
  "BigDecimal",
  "Boolean",
  "Array",
  "Null",
  "Bytes",
  "BigInt",
  "Int8",
  "Timestamp",
] as const;

/** Reads a `Value` (kind: u32 at 0, payload: u64 at 8). */
export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  const kind = KINDS[mem.u32(ptr)];
  const data = mem.u64(ptr + 8);
  const pointer = Number(data & 0xffffffffn);
  switch (kind) {
    case "String":
      return { kind, value: mem.readString(pointer) };
    case "Int":
      return { kind, value: Number(BigInt.asIntN(32, data)) };
    case "Int8":
    case "Timestamp":
      return { kind, value: BigInt.asIntN(64, data) };
    case "BigInt":
      return { kind, value: bytesToBigInt(mem.readBytes(pointer)) };
    case "Bytes":
      return { kind, value: toHex(mem.readBytes(pointer)) };
    case "Boolean":
      return { kind, value: data !== 0n };
    case "Array":
      return { kind, value: mem.readArray(pointer).map((p) => readStoreValue(mem, p)) };
    case "Null":
      return { kind };
    default:
      throw new Error(
        `store value kind ${mem.u32(ptr)} (${kind}) is not implemented by this test host`,
      );
  }
}

/** Allocates a `Value` in the mapping's memory. */
export function writeStoreValue(mem: AscMemory, value: StoreValue): number {
  const kind = KINDS.indexOf(value.kind);
  let data: bigint;
  switch (value.kind) {
    case "String":
      data = BigInt(mem.newString(value.value));
      break;
    case "Int":
      data = BigInt.asUintN(64, BigInt(value.value));
      break;
    case "Int8":
    case "Timestamp":
      data = BigInt.asUintN(64, value.value);
      break;
    case "BigInt":
      data = BigInt(mem.newBytes(bigIntToBytes(value.value)));
      break;
    case "Bytes":
      data = BigInt(mem.newBytes(Buffer.from(value.value.slice(2), "hex")));
      break;
    case "Boolean":
      data = value.value ? 1n : 0n;
      break;
    case "Array":
      data = BigInt(
        mem.newArray(
          TypeId.ArrayStoreValue,
          value.value.map((v) => writeStoreValue(mem, v)),
        ),
      );
      break;
    case "Null":
      data = 0n;
      break;
  }
  return mem.newObject(TypeId.StoreValue, 16, [
    { offset: 0, u32: kind },
    { offset: 8, u64: data },
  ]);
}

/** Reads an `Entity` (TypedMap: `entries` → Array of TypedMapEntry { key, value }). */
export function readEntity(mem: AscMemory, ptr: number): EntityData {
  const data: EntityData = new Map();
  for (const entry of mem.readArray(mem.u32(ptr))) {
    data.set(mem.readString(mem.u32(entry)), readStoreValue(mem, mem.u32(entry + 4)));
  }
  return data;
}

/** Allocates an `Entity` holding `data`, as graph-node answers `store.get`. */
export function writeEntity(mem: AscMemory, data: EntityData): number {
  const entries = [...data].map(([key, value]) =>
    mem.newPointers(TypeId.TypedMapEntryStringStoreValue, [
      mem.newString(key),
      writeStoreValue(mem, value),
    ]),
  );
  return mem.newPointers(TypeId.TypedMapStringStoreValue, [
    mem.newArray(TypeId.ArrayTypedMapEntryStringStoreValue, entries),
  ]);
}

/** The JS value of a store value (bigint, hex string, string, number, boolean, null, array). */
export function plainValue(value: StoreValue): unknown {
  if (value.kind === "Null") return null;
  if (value.kind === "Array") return value.value.map(plainValue);
  return value.value;
}
