// A minimal graph-node host for a mapping compiled by `graph build`: the host functions the
// StreamPayment mapping imports (store.get/set, BigInt arithmetic, type conversions, abort), an
// in-memory store validated against schema.graphql, and event handler calls.
import { toHex } from "viem";
import { type AscExports, AscMemory, bigIntToBytes, bytesToBigInt } from "./asc-memory.ts";
import { entityValidator } from "./entity-schema.ts";
import { type EntityData, plainValue, readEntity, writeEntity } from "./store-value.ts";

// The WebAssembly JS API as used here (the project's `lib` has no wasm types).
type WasmModule = object;
type WebAssemblyApi = {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ exports: Record<string, unknown> }>;
  Module: { imports(module: WasmModule): { module: string; name: string }[] };
};
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** A loaded mapping: its memory, its store, and its exported handlers. */
export type GraphHost = {
  mem: AscMemory;
  /** Entities by type, then id; values as graph-node stores them. */
  store: Map<string, Map<string, EntityData>>;
  /** Calls an exported handler with a pointer built in the mapping's memory. */
  call(handler: string, eventPtr: number): void;
  /** The stored entities of `type` as plain objects (bigint, hex, string, boolean, null). */
  entities(type: string): Record<string, unknown>[];
  /** One stored entity as a plain object, or undefined. */
  entity(type: string, id: string): Record<string, unknown> | undefined;
};

function plain(data: EntityData): Record<string, unknown> {
  return Object.fromEntries([...data].map(([key, value]) => [key, plainValue(value)]));
}

/**
 * Instantiates a mapping wasm with a host implementing the functions it imports; an import the
 * host does not implement fails instantiation, naming it.
 *
 * @example
 * const host = await loadMapping(readFileSync("build/StreamPayment/StreamPayment.wasm"), schema);
 * host.call("handleStreamCreated", eventPtr);
 * host.entity("Stream", "1");
 */
export async function loadMapping(wasm: Uint8Array, schemaSource: string): Promise<GraphHost> {
  const validate = entityValidator(schemaSource);
  const store = new Map<string, Map<string, EntityData>>();
  let mem: AscMemory | undefined;
  const m = () => {
    if (!mem) throw new Error("host function called before the mapping was instantiated");
    return mem;
  };
  const bigint = (ptr: number) => bytesToBigInt(m().readBytes(ptr));
  const newBigInt = (value: bigint) => m().newBytes(bigIntToBytes(value));
  const host: Record<string, Record<string, (...args: number[]) => number | undefined>> = {
    env: {
      abort(message, file, line, column) {
        const text = (p: number) => (p ? m().readString(p) : "?");
        throw new Error(`mapping aborted: ${text(message)} at ${text(file)}:${line}:${column}`);
      },
    },
    numbers: {
      "bigInt.plus": (x, y) => newBigInt(bigint(x) + bigint(y)),
      "bigInt.minus": (x, y) => newBigInt(bigint(x) - bigint(y)),
      "bigInt.times": (x, y) => newBigInt(bigint(x) * bigint(y)),
      "bigInt.dividedBy": (x, y) => {
        const divisor = bigint(y);
        if (divisor === 0n) throw new Error("bigInt.dividedBy: division by zero");
        return newBigInt(bigint(x) / divisor); // truncates toward zero, as num-bigint
      },
      "bigDecimal.toString": () => {
        throw new Error("bigDecimal.toString is not implemented by this test host");
      },
    },
    conversion: {
      "typeConversion.bigIntToString": (ptr) => m().newString(bigint(ptr).toString()),
      "typeConversion.bytesToHex": (ptr) => m().newString(toHex(m().readBytes(ptr))),
    },
    index: {
      "store.get": (typePtr, idPtr) => {
        const data = store.get(m().readString(typePtr))?.get(m().readString(idPtr));
        return data ? writeEntity(m(), data) : 0;
      },
      "store.set": (typePtr, idPtr, dataPtr) => {
        const type = m().readString(typePtr);
        const id = m().readString(idPtr);
        const data = readEntity(m(), dataPtr);
        let byId = store.get(type);
        if (!byId) {
          byId = new Map();
          store.set(type, byId);
        }
        const previous = byId.get(id);
        validate(type, id, data, previous);
        // graph-node merges the attributes set into the stored entity.
        byId.set(id, new Map([...(previous ?? []), ...data]));
        return undefined;
      },
    },
  };
  const module = await wasmApi.compile(wasm);
  const imports: Record<string, Record<string, unknown>> = {};
  for (const { module: mod, name } of wasmApi.Module.imports(module)) {
    const fn = host[mod]?.[name];
    if (!fn) throw new Error(`the mapping imports ${mod}.${name}, which this test host lacks`);
    imports[mod] = { ...imports[mod], [name]: fn };
  }
  const instance = await wasmApi.instantiate(module, imports);
  const exports = instance.exports as unknown as AscExports & Record<string, unknown>;
  mem = new AscMemory(exports);
  exports._start();
  return {
    mem,
    store,
    call(handler, eventPtr) {
      const fn = exports[handler];
      if (typeof fn !== "function") throw new Error(`the mapping exports no ${handler}`);
      fn(eventPtr);
    },
    entities: (type) => [...(store.get(type)?.values() ?? [])].map(plain),
    entity(type, id) {
      const data = store.get(type)?.get(id);
      return data ? plain(data) : undefined;
    },
  };
}
