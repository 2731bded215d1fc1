import fc from "fast-check";
import { hostileShapes, hostileStrings, hostileValue } from "./hostile-values.ts";
import { jsonText, RawJson } from "./json-text.ts";
import type { ApiOperation } from "./openapi-operations.ts";
import { badBodies, oddContentTypes } from "./request-parts.ts";
import { type FuzzPools, type JsonSchema, schemaValue } from "./schema-value.ts";

/** A request body as sent, its Content-Type, and what was made hostile. */
export type BodyPlan = { body: string | undefined; contentType: string | undefined; note: string };

type Leaf = { path: string[]; schema: JsonSchema; value: unknown };

const isObject = (value: unknown) =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** Every place in `value` a hostile value can go, with the schema it should meet there. */
function placesOf(value: unknown, schema: JsonSchema, path: string[] = []): Leaf[] {
  const here: Leaf = { path, schema, value };
  if (isObject(value)) {
    const properties = schema.properties ?? {};
    const keys = new Set([...Object.keys(value as object), ...Object.keys(properties)]);
    return [
      here,
      ...[...keys].flatMap((key) =>
        placesOf((value as Record<string, unknown>)[key], properties[key] ?? {}, [...path, key]),
      ),
    ];
  }
  return [here];
}

const remove = Symbol("remove");

function setAt(value: unknown, path: string[], replacement: unknown | typeof remove): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const base = isObject(value) ? { ...(value as Record<string, unknown>) } : {};
  const next = setAt(base[head], rest, replacement);
  if (next === remove) delete base[head];
  else base[head] = next;
  return base;
}

const json = (value: unknown, note: string): BodyPlan => ({
  body: jsonText(value),
  contentType: "application/json",
  note,
});
const bad = (note: string) =>
  fc
    .constantFrom(...badBodies)
    .map((body): BodyPlan => ({ body, contentType: "application/json", note }));

/**
 * Bodies for `op`: mostly a valid one (from `valid`, else from its schema and `pools`) with one
 * field made hostile (its schema's edges, wrong types, huge or Unicode text, raw numbers JSON
 * cannot hold), or left out, or an extra field; sometimes bad JSON, another shape, another
 * media type or a body over the limit. A route without a body mostly gets none.
 *
 * @example fc.sample(bodyPlan(op, [], { name: ["web-1"] }), 3);
 */
export function bodyPlan(
  op: ApiOperation,
  valid: readonly unknown[],
  pools: FuzzPools,
): fc.Arbitrary<BodyPlan> {
  if (!op.body) {
    return fc.oneof(
      {
        weight: 12,
        arbitrary: fc.constant({ body: undefined, contentType: undefined, note: "no body" }),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...hostileShapes)
          .map((v) => json(v, "body on a route without one")),
      },
      { weight: 1, arbitrary: bad("bad JSON on a route without a body") },
    );
  }
  const schema = op.body;
  const fromSchema = schemaValue(schema, pools);
  const base: fc.Arbitrary<unknown> =
    valid.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...valid) },
          { weight: 1, arbitrary: fromSchema },
        )
      : fromSchema;
  const oneField = base.chain((value) =>
    // Leaves (where uints, strings and ids sit) three times as often as whole objects.
    fc
      .constantFrom(
        ...placesOf(value, schema).flatMap((p) => (isObject(p.value) ? [p] : [p, p, p])),
      )
      .chain((place) =>
        hostileValue(place.schema).map((hostile) =>
          json(setAt(value, place.path, hostile), `${place.path.join(".") || "(body)"} hostile`),
        ),
      ),
  );
  const missing = base.chain((value) =>
    fc
      .constantFrom(...placesOf(value, schema).filter((p) => p.path.length > 0))
      .map((place) => json(setAt(value, place.path, remove), `${place.path.join(".")} missing`)),
  );
  const extra = fc
    .tuple(
      base,
      fc.constantFrom("__proto__", "constructor", "x", "prototype", "", "yes", "cloudInitFile"),
      fc.constantFrom(...hostileStrings),
    )
    .map(([value, key, v]): BodyPlan => {
      const body = jsonText(value);
      const text =
        body.startsWith("{") && body.length > 2
          ? `{${JSON.stringify(key)}:${JSON.stringify(v)},${body.slice(1)}`
          : body;
      return {
        body: text,
        contentType: "application/json",
        note: `extra field ${JSON.stringify(key)}`,
      };
    });
  return fc.oneof(
    { weight: 2, arbitrary: base.map((v) => json(v, "valid body")) },
    { weight: 8, arbitrary: oneField },
    { weight: 2, arbitrary: missing },
    { weight: 1, arbitrary: extra },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...hostileShapes).map((v) => json(v, "body of another shape")),
    },
    { weight: 1, arbitrary: bad("bad JSON") },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.constantFrom(...oddContentTypes)).map(
        ([v, contentType]): BodyPlan => ({
          body: jsonText(v),
          contentType,
          note: `content-type ${contentType}`,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant(
        json(new RawJson(`{"a":"${"x".repeat(100_000)}"}`), "body over the limit"),
      ),
    },
  );
}
