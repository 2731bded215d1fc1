import fc from "fast-check";
import { loopbackUrl } from "./loopback-urls.ts";

/** The part of JSON Schema (OpenAPI 3.0 flavour) the generators read. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** `uri` gets loopback URLs only. */
  format?: string;
  minItems?: number;
  maxItems?: number;
};

const numberIn = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = Math.max(schema.minimum ?? -1e6, -1e9);
  const max = Math.min(schema.maximum ?? 1e6, 1e9);
  const low = schema.exclusiveMinimum === true ? min + (integer ? 1 : 1e-3) : min;
  const high = schema.exclusiveMaximum === true ? max - (integer ? 1 : 1e-3) : max;
  return integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
};

/** Real values per property or parameter name (an existing VM's name, the provider's address), mixed into what fits so requests reach real actions. */
export type FuzzPools = Readonly<Record<string, readonly unknown[]>>;

const stringIn = (schema: JsonSchema): fc.Arbitrary<string> => {
  if (schema.format === "uri") return loopbackUrl;
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 64, 256);
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength), unit: "grapheme" });
};

/**
 * Values that `schema` accepts (as far as JSON Schema says: refinements it cannot express,
 * such as a signature's validity, are not known here). A property with values in `pools`
 * mostly takes one of them.
 *
 * @example fc.sample(schemaValue({ type: "integer", minimum: 1, maximum: 256 }), 3);
 */
export function schemaValue(schema: JsonSchema, pools: FuzzPools = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((v) => schemaValue(v, pools)));
  if (schema.allOf && schema.allOf.length > 0)
    return schemaValue(Object.assign({}, ...schema.allOf), pools);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const value = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string":
        return stringIn(schema);
      case "integer":
        return numberIn(schema, true);
      case "number":
        return numberIn(schema, false);
      case "boolean":
        return fc.boolean();
      case "array":
        return fc.array(schemaValue(schema.items ?? {}, pools), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, 8),
        });
      case "object":
        return objectIn(schema, pools);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable || (Array.isArray(schema.type) && schema.type.includes("null"))
    ? fc.option(value, { nil: null, freq: 8 })
    : value;
}

/** A value from `pools[name]` most of the time, else one `schema` accepts. */
export function pooledValue(
  schema: JsonSchema,
  name: string,
  pools: FuzzPools,
): fc.Arbitrary<unknown> {
  const pool = pools[name] ?? [];
  if (pool.length === 0) return schemaValue(schema, pools);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: schemaValue(schema, pools) },
  );
}

const objectIn = (schema: JsonSchema, pools: FuzzPools): fc.Arbitrary<unknown> => {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(
    Object.entries(properties).map(([key, sub]) => [key, pooledValue(sub, key, pools)]),
  );
  return fc.record(record, {
    requiredKeys: Object.keys(properties).filter((key) => required.has(key)),
  });
};
