import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: its function is the module's `default`, once or twice over depending
// on the loader (Node's ESM, Jest's).
type AddFormats = (ajv: Ajv) => Ajv;
const formatsModule = ajvFormats as unknown as { default: AddFormats | { default: AddFormats } };
const addFormats: AddFormats =
  typeof formatsModule.default === 'function' ? formatsModule.default : formatsModule.default.default;

type Json = Record<string, unknown>;

/** One answer the gateway sent, as the contract check sees it. */
export interface ObservedResponse {
  method: string;
  /** The route as Fastify matched it, e.g. `/v1/sessions/:session_id/events`. */
  route: string;
  status: number;
  contentType: string;
  body: string;
}

/**
 * The gateway's OpenAPI document (`/docs-json`) used as a contract: `check` says whether an answer
 * the gateway really sent is one the document allows, i.e. its route and method are documented,
 * its status is listed for them, and its body matches that status's schema. Objects are checked
 * closed (no property the document does not name) unless the document says otherwise, so an
 * undocumented field is caught too; `format`s (uuid, …) are checked with ajv-formats.
 */
export class OpenApiContract {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;
  private readonly components: Json;

  constructor(readonly document: Json) {
    // OpenAPI 3.0 schemas are JSON Schema plus a few keywords (`example`, `discriminator`, …)
    // that ajv must ignore, hence not strict. `nullable` is one ajv knows.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.components = closeObjects(structuredClone(document.components ?? {})) as Json;
  }

  static async fetch(gatewayUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${gatewayUrl}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    return new OpenApiContract((await response.json()) as Json);
  }

  /** Problems with one answer; empty when the document allows it. Routes it does not list are not its business. */
  check(response: ObservedResponse): string[] {
    const path = response.route.replace(/:(\w+)/g, '{$1}');
    const operation = (this.document.paths as Record<string, Record<string, Json>>)[path]?.[
      response.method.toLowerCase()
    ];
    if (!operation) return [];
    const where = `${response.method} ${path} → ${response.status}`;
    const documented = (operation.responses as Record<string, Json>)[String(response.status)];
    if (!documented) return [`${where}: status not in the OpenAPI document`];
    const content = documented.content as Record<string, { schema: Json }> | undefined;
    if (!content) return response.body === '' ? [] : [`${where}: a body the document does not describe`];
    const mediaType = response.contentType.split(';')[0].trim();
    // The document may name a media type with its parameters (`text/plain; version=0.0.4`).
    const schema = Object.entries(content).find(([type]) => type.split(';')[0].trim() === mediaType)?.[1]
      .schema;
    if (!schema) return [`${where}: content type ${mediaType} not in the document (${Object.keys(content)})`];
    let body: unknown = response.body;
    if (mediaType === 'application/json') {
      try {
        body = JSON.parse(response.body);
      } catch {
        return [`${where}: body is not JSON`];
      }
    }
    const validate = this.validator(`${where} ${mediaType}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: ${e.instancePath || 'body'} ${e.message} ${JSON.stringify(e.params)} in ${response.body.slice(0, 300)}`,
    );
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // `#/components/...` references resolve against this root.
      validate = this.ajv.compile({
        ...(closeObjects(structuredClone(schema)) as Json),
        components: this.components,
      });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Every object schema listing `properties` without saying otherwise becomes closed. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const schema = node as Json;
  for (const key of Object.keys(schema)) {
    if (key !== 'example' && key !== 'examples') schema[key] = closeObjects(schema[key]);
  }
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  return schema;
}
