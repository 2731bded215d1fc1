// The part of @graphprotocol/graph-ts that src/stream-ledger.ts uses, over a native bigint, so
// the ledger runs under Node. Only BigInt: the mappings' store and event classes are not shimmed.
const native = globalThis.BigInt;

/** graph-ts's `BigInt` API (the methods the ledger calls) backed by a native `bigint`. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: must be named like graph-ts's export
export class BigInt {
  readonly value: bigint;

  constructor(value: bigint) {
    this.value = value;
  }

  static zero(): BigInt {
    return new BigInt(0n);
  }

  static fromI32(n: number): BigInt {
    return new BigInt(native(n));
  }

  static fromString(s: string): BigInt {
    return new BigInt(native(s));
  }

  plus(other: BigInt): BigInt {
    return new BigInt(this.value + other.value);
  }

  minus(other: BigInt): BigInt {
    return new BigInt(this.value - other.value);
  }

  times(other: BigInt): BigInt {
    return new BigInt(this.value * other.value);
  }

  /** Truncating division, as graph-node's `bigInt.dividedBy`. */
  div(other: BigInt): BigInt {
    return new BigInt(this.value / other.value);
  }

  equals(other: BigInt): boolean {
    return this.value === other.value;
  }

  lt(other: BigInt): boolean {
    return this.value < other.value;
  }

  gt(other: BigInt): boolean {
    return this.value > other.value;
  }

  le(other: BigInt): boolean {
    return this.value <= other.value;
  }

  ge(other: BigInt): boolean {
    return this.value >= other.value;
  }

  isZero(): boolean {
    return this.value === 0n;
  }

  toString(): string {
    return this.value.toString();
  }
}
