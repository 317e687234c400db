import type { OpenApiVersion } from './provider-api';

type Schema = Record<string, unknown>;

/**
 * Rewrites, in place, every schema of an OpenAPI document as JSON Schema 2020-12, so one
 * validator reads all three versions:
 * - 3.0 `nullable: true` and Swagger's `x-nullable` become a type that includes "null";
 * - 3.0 and 2.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form;
 * - Swagger 2.0 `type: file` accepts anything;
 * - `oneOf` becomes `anyOf`: a consumer's example is fine when it is one of the provider's shapes,
 *   even where two shapes overlap (oneOf's "exactly one" is the provider's promise about what it
 *   sends, not a test of what a consumer expects). Discriminators are read by the comparison.
 * 3.1 schemas are JSON Schema 2020-12 already and only get the oneOf rewrite.
 */
export function toJsonSchema(document: Record<string, unknown>, version: OpenApiVersion): Record<string, unknown> {
  const seen = new Set<object>();
  const schema = (value: unknown) => rewriteSchema(value, version, seen);
  const each = (container: unknown, visit: (value: unknown) => void) => {
    if (container && typeof container === 'object') for (const value of Object.values(container)) visit(value);
  };
  const content = (value: unknown) => each(value, (media) => schema((media as Schema | undefined)?.schema));
  const parameter = (value: unknown) => {
    const given = value as Schema | undefined;
    if (!given || typeof given !== 'object') return;
    if (version === '2.0') {
      if (given.in !== 'body') given.schema = schemaPartOf(given);
      schema(given.schema);
    } else {
      schema(given.schema);
      content(given.content);
    }
  };
  const header = (value: unknown) => {
    const given = value as Schema | undefined;
    if (!given || typeof given !== 'object') return;
    if (version === '2.0') given.schema = schemaPartOf(given);
    schema(given.schema);
  };
  const response = (value: unknown) => {
    const given = value as Schema | undefined;
    if (!given || typeof given !== 'object') return;
    if (version === '2.0') schema(given.schema);
    else content(given.content);
    each(given.headers, header);
  };
  const operation = (value: unknown) => {
    const given = value as Schema | undefined;
    if (!given || typeof given !== 'object') return;
    (Array.isArray(given.parameters) ? given.parameters : []).forEach(parameter);
    content((given.requestBody as Schema | undefined)?.content);
    each(given.responses, response);
  };
  each(document.paths, (item) => {
    const given = item as Schema | undefined;
    if (!given || typeof given !== 'object') return;
    (Array.isArray(given.parameters) ? given.parameters : []).forEach(parameter);
    for (const [key, value] of Object.entries(given)) if (key !== 'parameters') operation(value);
  });
  const components = (document.components ?? {}) as Schema;
  each(components.schemas, schema);
  each(components.parameters, parameter);
  each(components.headers, header);
  each(components.responses, response);
  each(components.requestBodies, (body) => content((body as Schema | undefined)?.content));
  each(document.definitions, schema);
  each(document.parameters, parameter);
  each(document.responses, response);
  return document;
}

/** Swagger 2.0 parameters (but body) and headers describe their value beside other fields: those as a schema. */
const SCHEMA_FIELDS = [
  'type',
  'format',
  'items',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'x-nullable',
];

function schemaPartOf(given: Schema): Schema {
  return Object.fromEntries(SCHEMA_FIELDS.filter((field) => field in given).map((field) => [field, given[field]]));
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else', 'propertyNames'];

function rewriteSchema(value: unknown, version: OpenApiVersion, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || seen.has(value)) return;
  seen.add(value);
  const schema = value as Schema;
  if (typeof schema.$ref === 'string') return;
  if (version !== '3.1') {
    if (schema.nullable === true || schema['x-nullable'] === true) allowNull(schema);
    for (const [bound, limit] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (schema[bound] === true && typeof schema[limit] === 'number') {
        schema[bound] = schema[limit];
        delete schema[limit];
      } else if (typeof schema[bound] === 'boolean') delete schema[bound];
    }
    if (schema.type === 'file') delete schema.type;
  }
  if (Array.isArray(schema.oneOf)) {
    schema.anyOf = schema.oneOf;
    delete schema.oneOf;
  }
  for (const key of SUBSCHEMA_MAPS)
    if (schema[key] && typeof schema[key] === 'object')
      for (const child of Object.values(schema[key] as Schema)) rewriteSchema(child, version, seen);
  for (const key of SUBSCHEMA_LISTS)
    if (Array.isArray(schema[key])) for (const child of schema[key] as unknown[]) rewriteSchema(child, version, seen);
  for (const key of SUBSCHEMAS) {
    const child = schema[key];
    if (Array.isArray(child)) for (const each of child) rewriteSchema(each, version, seen);
    else rewriteSchema(child, version, seen);
  }
}

function allowNull(schema: Schema): void {
  delete schema.nullable;
  delete schema['x-nullable'];
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  else if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (schema.type === undefined) {
    // nullable beside allOf/anyOf and no type of its own: null, or what the rest says
    const rest = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [rest, { type: 'null' }];
  }
}
