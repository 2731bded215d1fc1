// Reads and writes AssemblyScript 0.19 objects (the compiler graph-cli 0.98 uses, `--runtime stub`)
// in a mapping's linear memory, the way graph-node does: every managed object is preceded by a
// header whose last two u32 are the class id (ptr - 8) and the payload size in bytes (ptr - 4).

/** The runtime exports `graph build` keeps in every mapping (`--exportRuntime`) plus graph-ts's `id_of_type`. */
export type AscExports = {
  /** The linear memory (a WebAssembly.Memory; typed structurally: the project's lib has no wasm types). */
  memory: { readonly buffer: ArrayBuffer };
  __new(size: number, classId: number): number;
  id_of_type(typeId: number): number;
  _start(): void;
};

/** graph-ts's `TypeId` discriminants used here (graph-ts global/global.ts, graph-node IndexForAscTypeId). */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumValue: 30,
  StoreValue: 31,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
  ArrayStoreValue: 16,
} as const;

/** A field of an object to allocate: a pointer (u32, 0 = null), or a u32/u64 at a fixed offset. */
export type AscField = { offset: number; u32: number } | { offset: number; u64: bigint };

/**
 * Typed access to a mapping instance's memory. Views are re-created on every access because
 * `__new` may grow the memory, which detaches the previous buffer.
 *
 * @example
 * const mem = new AscMemory(instance.exports as AscExports);
 * const ptr = mem.newString("Stream");
 * mem.readString(ptr); // "Stream"
 */
export class AscMemory {
  readonly exports: AscExports;

  constructor(exports: AscExports) {
    this.exports = exports;
  }

  private view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  u32(ptr: number): number {
    return this.view().getUint32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view().getBigUint64(ptr, true);
  }

  /** The payload size of a managed object (its header's rtSize). */
  size(ptr: number): number {
    return this.u32(ptr - 4);
  }

  classId(typeId: number): number {
    return this.exports.id_of_type(typeId);
  }

  /** Allocates an object of `size` bytes of graph-ts type `typeId` and writes `fields`. */
  newObject(typeId: number, size: number, fields: AscField[]): number {
    const ptr = this.exports.__new(size, this.classId(typeId));
    const view = this.view();
    for (const field of fields) {
      if ("u64" in field) view.setBigUint64(ptr + field.offset, field.u64, true);
      else view.setUint32(ptr + field.offset, field.u32, true);
    }
    return ptr;
  }

  /** Allocates an object whose fields are all pointers, in declaration order. */
  newPointers(typeId: number, pointers: number[]): number {
    return this.newObject(
      typeId,
      pointers.length * 4,
      pointers.map((u32, i) => ({ offset: i * 4, u32 })),
    );
  }

  readString(ptr: number): string {
    const bytes = new Uint8Array(this.exports.memory.buffer, ptr, this.size(ptr));
    return new TextDecoder("utf-16le").decode(bytes);
  }

  newString(value: string): number {
    const ptr = this.exports.__new(value.length * 2, this.classId(TypeId.String));
    const view = this.view();
    for (let i = 0; i < value.length; i++) view.setUint16(ptr + i * 2, value.charCodeAt(i), true);
    return ptr;
  }

  /** The bytes of a Uint8Array view (graph-ts's Bytes, Address and BigInt): buffer, dataStart, byteLength. */
  readBytes(ptr: number): Uint8Array {
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.u32(ptr + 8);
    return new Uint8Array(this.exports.memory.buffer.slice(dataStart, dataStart + byteLength));
  }

  newBytes(bytes: Uint8Array): number {
    const buffer = this.exports.__new(bytes.length, this.classId(TypeId.ArrayBuffer));
    new Uint8Array(this.exports.memory.buffer, buffer, bytes.length).set(bytes);
    return this.newObject(TypeId.Uint8Array, 12, [
      { offset: 0, u32: buffer },
      { offset: 4, u32: buffer },
      { offset: 8, u32: bytes.length },
    ]);
  }

  /** The element pointers of an `Array<T>` of managed objects: buffer, dataStart, byteLength, length. */
  readArray(ptr: number): number[] {
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 12);
    return Array.from({ length }, (_, i) => this.u32(dataStart + i * 4));
  }

  newArray(typeId: number, pointers: number[]): number {
    const buffer = this.exports.__new(pointers.length * 4, this.classId(TypeId.ArrayBuffer));
    const view = this.view();
    pointers.forEach((p, i) => {
      view.setUint32(buffer + i * 4, p, true);
    });
    return this.newObject(typeId, 16, [
      { offset: 0, u32: buffer },
      { offset: 4, u32: buffer },
      { offset: 8, u32: pointers.length * 4 },
      { offset: 12, u32: pointers.length },
    ]);
  }
}

/** graph-node's BigInt encoding: two's complement, little-endian, shortest form (0 is one zero byte). */
export function bigIntToBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    out.push(byte);
    rest >>= 8n;
    if ((rest === 0n && byte < 0x80) || (rest === -1n && byte >= 0x80)) break;
  }
  return Uint8Array.from(out);
}

/** Inverse of {@link bigIntToBytes}; an empty array is 0. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  const last = bytes[bytes.length - 1];
  if (last !== undefined && last >= 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value;
}
