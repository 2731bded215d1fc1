import fc from "fast-check";

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

const stringIn = (schema: JsonSchema): fc.Arbitrary<string> => {
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
 * such as a signature's validity, are not known here).
 *
 * @example fc.sample(schemaValue({ type: "integer", minimum: 1, maximum: 256 }), 3);
 */
export function schemaValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) return fc.oneof(...variants.map(schemaValue));
  if (schema.allOf && schema.allOf.length > 0)
    return schemaValue(Object.assign({}, ...schema.allOf));
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
        return fc.array(schemaValue(schema.items ?? {}), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, 8),
        });
      case "object":
        return objectIn(schema);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable || (Array.isArray(schema.type) && schema.type.includes("null"))
    ? fc.option(value, { nil: null, freq: 8 })
    : value;
}

const objectIn = (schema: JsonSchema): fc.Arbitrary<unknown> => {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(
    Object.entries(properties).map(([key, sub]) => [key, schemaValue(sub)]),
  );
  return fc.record(record, {
    requiredKeys: Object.keys(properties).filter((key) => required.has(key)),
  });
};
