// The store.set checks of the test host, so a mapping test cannot pass through a lenient host.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { entityValidator } from "./entity-schema.ts";
import type { EntityData, StoreValue } from "./store-value.ts";

describe("entity validation from schema.graphql", () => {
  const validate = entityValidator(
    readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"),
  );
  const provider = (fields: Record<string, StoreValue>): EntityData =>
    new Map(Object.entries(fields));
  const address = "0x00000000000000000000000000000000000000aa";
  const complete = {
    id: { kind: "Bytes", value: address },
    address: { kind: "Bytes", value: address },
    streamCount: { kind: "BigInt", value: 1n },
    totalEarned: { kind: "BigInt", value: 0n },
  } as const;

  test("a complete entity passes", () => {
    expect(() => validate("Provider", address, provider(complete), undefined)).not.toThrow();
  });

  test("a missing required field, a wrong kind, an unknown field, a wrong id are refused", () => {
    const { totalEarned: _, ...missing } = complete;
    expect(() => validate("Provider", address, provider(missing), undefined)).toThrow(
      /misses required field totalEarned/,
    );
    expect(() =>
      validate(
        "Provider",
        address,
        provider({ ...complete, streamCount: { kind: "Int", value: 1 } }),
        undefined,
      ),
    ).toThrow(/streamCount must be BigInt/);
    expect(() =>
      validate(
        "Provider",
        address,
        provider({ ...complete, streams: { kind: "Array", value: [] } }),
        undefined,
      ),
    ).toThrow(/no stored field streams/);
    expect(() => validate("Provider", "0x01", provider(complete), undefined)).toThrow(/id field/);
  });

  test("an enum value outside the enum and a second write of an immutable entity are refused", () => {
    const stream = new Map<string, StoreValue>([["status", { kind: "String", value: "DEPLETED" }]]);
    expect(() => validate("Stream", "1", stream, new Map())).toThrow(/not in the enum/);
    const id = "0x01";
    const withdrawal = new Map<string, StoreValue>([["id", { kind: "Bytes", value: id }]]);
    expect(() => validate("StreamWithdrawal", id, withdrawal, new Map())).toThrow(/immutable/);
  });
});
