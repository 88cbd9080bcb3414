import type { SchemaObject } from '@nestjs/swagger';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { CATEGORIES, EventInput, IS_SAFE_INT, MAX_DATA_DEPTH } from '@eventline/contracts';

/** The seed's event, as README.md posts it: the request body's example. */
export const EXAMPLE_EVENT = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'party',
  name: 'AppName',
  data: { host: 'www.party.com', path: '/' },
  timestamp: '2021-09-26 09:15:27.243860',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// The contracts' own decorator, unknown to class-validator-jsonschema. Only the upper bound: a
// `@Min` on the same field states the lower one (a converter's keys overwrite earlier ones).
const CONVERTERS = {
  additionalConverters: {
    [IS_SAFE_INT]: { type: 'integer' as const, maximum: Number.MAX_SAFE_INTEGER },
  },
};

// What the validation classes cannot say about a field (formats checked in code, not by a decorator).
const DESCRIPTIONS: Record<string, string> = {
  session_id: 'UUID of the visitor session, canonical 8-4-4-4-12 hex, any version.',
  category: 'A registered category; decides the schema of `data`.',
  name: "The application's name; must be the application of the API key (else `untrusted_app`).",
  data:
    "The category's payload; unknown keys are refused (`invalid_data`), not stripped. At most " +
    `${MAX_DATA_DEPTH} levels deep; no lone surrogate in any string or key (\`invalid_encoding\`); no number ` +
    'JavaScript cannot hold exactly (`invalid_data`): such input is refused, never stored altered.',
  timestamp:
    '`YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC) or ISO 8601 with `T` and optional `Z` / `±HH:MM`; up to 6 ' +
    'fractional digits; a real calendar time between 1970-01-01 and 2255-06-05, at most ' +
    '`MAX_FUTURE_SKEW_MS` (24 h) in the future.',
  event_id: 'Optional UUID for de-duplication; the gateway assigns a UUIDv7 when absent or null.',
};

/**
 * The request body's component schemas, generated from the class-validator classes the gateway
 * validates with (libs/contracts), so the document states the rules the code applies: one
 * `<Category>Event` per category with its `<Category>Data`, `Event` (one of them, by `category`)
 * and `EventBatch` (1 to `maxEvents` of them).
 */
export function eventRequestSchemas(maxEvents: number): Record<string, SchemaObject> {
  const base = nullableOptionals(targetConstructorToSchema(EventInput) as SchemaObject);
  const schemas: Record<string, SchemaObject> = {};
  const mapping: Record<string, string> = {};
  for (const category of CATEGORIES) {
    const dataName = category.dataClass.name;
    const eventName = dataName.replace(/Data$/, 'Event');
    schemas[dataName] = {
      ...nullableOptionals(targetConstructorToSchema(category.dataClass, CONVERTERS) as SchemaObject),
      additionalProperties: false,
    };
    const properties: Record<string, SchemaObject> = {};
    for (const [key, schema] of Object.entries(base.properties ?? {})) {
      properties[key] = { ...(schema as SchemaObject), description: DESCRIPTIONS[key] };
    }
    properties.category = { ...properties.category, enum: [category.name] };
    // A description beside a bare $ref is ignored in OpenAPI 3.0, hence the allOf.
    properties.data = { allOf: [ref(dataName)], description: DESCRIPTIONS.data };
    schemas[eventName] = { ...base, properties, additionalProperties: false };
    mapping[category.name] = ref(eventName).$ref;
  }
  schemas.Event = {
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'category', mapping },
    example: EXAMPLE_EVENT,
  };
  schemas.EventBatch = { type: 'array', items: ref('Event'), minItems: 1, maxItems: maxEvents };
  return schemas;
}

/**
 * Marks each optional property `nullable`: the classes' `@IsOptional` lets `null` through as it
 * does an absent value (an `event_id` of null is assigned one; a `data` field of null is stored as
 * null), and the document says what the code accepts.
 */
function nullableOptionals(schema: SchemaObject): SchemaObject {
  const required = new Set(schema.required ?? []);
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, property]) => [
      key,
      required.has(key) ? property : { ...(property as SchemaObject), nullable: true },
    ]),
  );
  return { ...schema, properties };
}
