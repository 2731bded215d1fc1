// The checks graph-node makes when a mapping saves an entity, from schema.graphql: every
// attribute is a field of the type, of the field's kind; required fields are set; derived
// fields are never stored; an immutable entity is written once.
import { type FieldDefinitionNode, Kind, parse, type TypeNode } from "graphql";
import type { EntityData, StoreValue } from "./store-value.ts";

type FieldRule = { kind: StoreValue["kind"]; required: boolean; list: boolean; enum?: string[] };
type EntityRule = { immutable: boolean; fields: Map<string, FieldRule> };

const SCALAR_KINDS: Record<string, StoreValue["kind"]> = {
  ID: "String",
  String: "String",
  Int: "Int",
  Int8: "Int8",
  Timestamp: "Timestamp",
  BigInt: "BigInt",
  Bytes: "Bytes",
  Boolean: "Boolean",
};

function unwrap(type: TypeNode): { name: string; required: boolean; list: boolean } {
  if (type.kind === Kind.NON_NULL_TYPE) return { ...unwrap(type.type), required: true };
  if (type.kind === Kind.LIST_TYPE) return { ...unwrap(type.type), list: true, required: false };
  return { name: type.name.value, required: false, list: false };
}

/**
 * Parses a subgraph schema into per-entity rules and returns a validator for `store.set`.
 *
 * @example
 * const validate = entityValidator(readFileSync("schema.graphql", "utf8"));
 * validate("Stream", "1", data, undefined); // throws on a missing required field
 */
export function entityValidator(schemaSource: string) {
  const document = parse(schemaSource);
  const enums = new Map<string, string[]>();
  const entityFields = new Map<string, { immutable: boolean; fields: FieldDefinitionNode[] }>();
  for (const def of document.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      const entity = def.directives?.find((d) => d.name.value === "entity");
      if (!entity) continue;
      const immutable = entity.arguments?.find((a) => a.name.value === "immutable")?.value;
      entityFields.set(def.name.value, {
        immutable: immutable?.kind === Kind.BOOLEAN && immutable.value,
        fields: [...(def.fields ?? [])],
      });
    }
  }
  const idKind = (entity: string): StoreValue["kind"] => {
    const id = entityFields.get(entity)?.fields.find((f) => f.name.value === "id");
    if (!id) throw new Error(`schema: entity ${entity} has no id`);
    return SCALAR_KINDS[unwrap(id.type).name] ?? "String";
  };
  const rules = new Map<string, EntityRule>();
  for (const [name, { immutable, fields }] of entityFields) {
    const ruleFields = new Map<string, FieldRule>();
    for (const field of fields) {
      if (field.directives?.some((d) => d.name.value === "derivedFrom")) continue;
      const { name: typeName, required, list } = unwrap(field.type);
      const enumValues = enums.get(typeName);
      const kind = enumValues
        ? "String"
        : (SCALAR_KINDS[typeName] ?? (entityFields.has(typeName) ? idKind(typeName) : undefined));
      if (!kind)
        throw new Error(`schema: ${name}.${field.name.value} has unsupported type ${typeName}`);
      ruleFields.set(field.name.value, { kind, required, list, enum: enumValues });
    }
    rules.set(name, { immutable, fields: ruleFields });
  }

  return (type: string, id: string, data: EntityData, previous: EntityData | undefined): void => {
    const rule = rules.get(type);
    if (!rule) throw new Error(`store.set: unknown entity type ${type}`);
    if (rule.immutable && previous)
      throw new Error(`store.set: immutable ${type} ${id} written twice`);
    for (const [field, value] of data) {
      const fieldRule = rule.fields.get(field);
      if (!fieldRule) throw new Error(`store.set: ${type} has no stored field ${field}`);
      if (value.kind === "Null") {
        if (fieldRule.required)
          throw new Error(`store.set: ${type}.${field} is required, got null`);
        continue;
      }
      const expected = fieldRule.list ? "Array" : fieldRule.kind;
      if (value.kind !== expected) {
        throw new Error(`store.set: ${type}.${field} must be ${expected}, got ${value.kind}`);
      }
      if (fieldRule.enum && value.kind === "String" && !fieldRule.enum.includes(value.value)) {
        throw new Error(`store.set: ${type}.${field} = ${value.value} is not in the enum`);
      }
    }
    for (const [field, fieldRule] of rule.fields) {
      if (fieldRule.required && !data.has(field) && !previous?.has(field)) {
        throw new Error(`store.set: ${type} ${id} misses required field ${field}`);
      }
    }
    const stored = data.get("id");
    const storedId = stored && stored.kind !== "Null" ? String(stored.value) : undefined;
    if (storedId !== id)
      throw new Error(`store.set: ${type} id ${id} but its id field is ${storedId}`);
  };
}
