import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPI } from 'openapi-types';
import { parse as parseYaml } from 'yaml';
import { type JsonPointer, pointerOf, resolvePointer } from './json-pointer';
import { toJsonSchema } from './schema-dialect';

/**
 * A provider's OpenAPI document (3.0, 3.1 or Swagger 2.0) read as the comparison needs it: its
 * operations, each parameter, request body and response with the JSON pointer of its schema,
 * and validators compiled once per schema. Schemas keep their `$ref`s (a recursive schema
 * stays finite) and are rewritten to JSON Schema 2020-12, which ajv checks, so 3.0's `nullable`
 * and Swagger's `x-nullable` mean what they say.
 */

export class InvalidProviderContract extends Error {
  readonly code = 'invalid_provider_contract';
}

export type OpenApiVersion = '2.0' | '3.0' | '3.1';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export type Parameter = {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** Where the parameter's schema is (Swagger 2.0: the parameter itself). */
  schema: JsonPointer | undefined;
  style: string | undefined;
  explode: boolean | undefined;
  pointer: JsonPointer;
};

/** Media type -> the pointer of its schema (undefined: any body). */
export type Content = Map<string, JsonPointer | undefined>;

export type Header = { required: boolean; schema: JsonPointer | undefined; pointer: JsonPointer };

export type Response = { pointer: JsonPointer; content: Content; headers: Map<string, Header> };

export type Operation = {
  method: string;
  path: string;
  pointer: JsonPointer;
  parameters: Parameter[];
  requestBody: { required: boolean; content: Content; pointer: JsonPointer } | undefined;
  /** By status code, a range such as "2XX", or "default". */
  responses: Map<string, Response>;
};

export type ProviderApi = {
  version: OpenApiVersion;
  /** Paths the operations are served under, from `servers` (3.x) or `basePath` (2.0); longest first. */
  basePaths: string[];
  operations: Operation[];
  /** The document as JSON Schema 2020-12 where it holds schemas; pointers index into it. */
  document: Record<string, unknown>;
  /** The schema at a pointer, `$ref`s followed. */
  schemaAt: (pointer: JsonPointer) => { schema: Record<string, unknown>; pointer: JsonPointer } | undefined;
  validator: (pointer: JsonPointer) => ValidateFunction;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const DOCUMENT_ID = 'https://treaty.invalid/provider-contract.json';

/** Reads a document from a file (its `$ref`s to other files followed) or from published text. */
export async function loadProviderApi(source: { file: string } | { content: string }): Promise<ProviderApi> {
  let bundled: OpenAPI.Document;
  // what it is first, in our words: the parser's own message names "[object Object]"
  const text = 'file' in source ? await readText(source.file) : source.content;
  const parsed = parseContent(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidProviderContract('an OpenAPI document must be an object');
  versionOf(parsed as Record<string, unknown>);
  try {
    if ('file' in source) bundled = await SwaggerParser.bundle(source.file);
    else bundled = await SwaggerParser.bundle(parsed as never, { resolve: { external: false } });
  } catch (error) {
    if (error instanceof InvalidProviderContract) throw error;
    throw new InvalidProviderContract(`the OpenAPI document could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return providerApiOf(bundled);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidProviderContract(`${file} could not be read: ${(error as Error).message}`);
  }
}

function parseContent(content: string): unknown {
  const text = content.trim();
  try {
    return text.startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InvalidProviderContract(`the OpenAPI document is neither JSON nor YAML: ${(error as Error).message}`);
  }
}

export function providerApiOf(bundled: unknown): ProviderApi {
  if (bundled === null || typeof bundled !== 'object' || Array.isArray(bundled))
    throw new InvalidProviderContract('an OpenAPI document must be an object');
  const given = bundled as Record<string, unknown>;
  const version = versionOf(given);
  const document = toJsonSchema(structuredClone(given), version);
  if (typeof document.paths !== 'object' || document.paths === null)
    throw new InvalidProviderContract('the OpenAPI document has no "paths"');
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  const validators = new Map<JsonPointer, ValidateFunction>();
  const operations = operationsOf(document, version);
  return {
    version,
    basePaths: basePathsOf(document, version),
    operations,
    document,
    schemaAt: (pointer) => followRefs(document, pointer),
    validator: (pointer) => {
      let validate = validators.get(pointer);
      if (!validate) {
        const fragment = pointer.split('/').map(encodeURIComponent).join('/');
        validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
        validators.set(pointer, validate);
      }
      return validate;
    },
  };
}

function versionOf(document: Record<string, unknown>): OpenApiVersion {
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.1')) return '3.1';
    if (document.openapi.startsWith('3.0')) return '3.0';
    throw new InvalidProviderContract(
      `OpenAPI ${document.openapi} is not supported: Treaty reads 3.0, 3.1 and Swagger 2.0`,
    );
  }
  if (document.swagger === '2.0') return '2.0';
  throw new InvalidProviderContract('not an OpenAPI document: it has neither "openapi: 3.x" nor "swagger: 2.0"');
}

/** `$ref`s followed to the object they name, with where it is. */
function followRefs(
  document: Record<string, unknown>,
  pointer: JsonPointer,
): { schema: Record<string, unknown>; pointer: JsonPointer } | undefined {
  let at = pointer;
  for (let hops = 0; hops < 64; hops++) {
    const value = resolvePointer(document, at);
    if (value === null || typeof value !== 'object') return undefined;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref !== 'string') return { schema: value as Record<string, unknown>, pointer: at };
    if (!ref.startsWith('#')) throw new InvalidProviderContract(`the reference ${ref} points outside the document`);
    at = decodeURIComponent(ref.slice(1));
  }
  throw new InvalidProviderContract(`the references from ${pointer} go round in a circle`);
}

function basePathsOf(document: Record<string, unknown>, version: OpenApiVersion): string[] {
  const trim = (path: string) => path.replace(/\/+$/, '');
  if (version === '2.0') return [trim(typeof document.basePath === 'string' ? document.basePath : '')];
  const servers = Array.isArray(document.servers) ? (document.servers as { url?: unknown; variables?: unknown }[]) : [];
  const paths = servers.map((server) => {
    const variables = (server.variables ?? {}) as Record<string, { default?: unknown }>;
    const url = String(server.url ?? '/').replace(/\{([^}]+)\}/g, (_, name: string) =>
      String(variables[name]?.default ?? ''),
    );
    try {
      return trim(new URL(url, 'http://relative.invalid').pathname);
    } catch {
      return '';
    }
  });
  return [...new Set(paths.length > 0 ? paths : [''])].sort((a, b) => b.length - a.length);
}

function operationsOf(document: Record<string, unknown>, version: OpenApiVersion): Operation[] {
  const operations: Operation[] = [];
  const paths = document.paths as Record<string, unknown>;
  for (const path of Object.keys(paths)) {
    if (!path.startsWith('/')) continue;
    const itemPointer = pointerOf('paths', path);
    const resolvedItem = followRefs(document, itemPointer);
    if (!resolvedItem) continue;
    const shared = parametersAt(document, `${resolvedItem.pointer}/parameters`);
    for (const method of METHODS) {
      const pointer = `${resolvedItem.pointer}/${method}`;
      if (typeof resolvePointer(document, pointer) !== 'object') continue;
      const own = parametersAt(document, `${pointer}/parameters`);
      const parameters = [
        ...shared.filter((parameter) => !own.some((mine) => mine.name === parameter.name && mine.in === parameter.in)),
        ...own,
      ];
      operations.push({
        method: method.toUpperCase(),
        path,
        pointer,
        parameters: parameters.filter(
          (parameter) => parameter.in !== 'body' && parameter.in !== 'formData',
        ) as Parameter[],
        requestBody: requestBodyOf(document, version, pointer, parameters),
        responses: responsesOf(document, version, pointer),
      });
    }
  }
  return operations;
}

type RawParameter = Omit<Parameter, 'in'> & { in: ParameterLocation | 'body' | 'formData' };

function parametersAt(document: Record<string, unknown>, pointer: JsonPointer): RawParameter[] {
  const list = resolvePointer(document, pointer);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, index) => {
    const found = followRefs(document, `${pointer}/${index}`);
    if (!found) return [];
    const { schema: parameter, pointer: at } = found;
    const location = parameter.in as RawParameter['in'];
    const hasSchema = typeof parameter.schema === 'object' && parameter.schema !== null;
    const contentSchema = firstContentSchema(parameter.content, `${at}/content`);
    return [
      {
        name: String(parameter.name),
        in: location,
        required: parameter.required === true || location === 'path',
        // Swagger 2.0's non-body parameters got a schema of their value fields (schema-dialect.ts)
        schema: hasSchema ? `${at}/schema` : contentSchema,
        style: typeof parameter.style === 'string' ? parameter.style : undefined,
        explode: typeof parameter.explode === 'boolean' ? parameter.explode : undefined,
        pointer: at,
      },
    ];
  });
}

function firstContentSchema(content: unknown, pointer: JsonPointer): JsonPointer | undefined {
  if (content === null || typeof content !== 'object') return undefined;
  const [mediaType] = Object.keys(content);
  return mediaType === undefined ? undefined : `${pointer}/${pointerOf(mediaType).slice(1)}/schema`;
}

function contentAt(document: Record<string, unknown>, pointer: JsonPointer): Content {
  const content = resolvePointer(document, pointer);
  const result: Content = new Map();
  if (content === null || typeof content !== 'object') return result;
  for (const [mediaType, value] of Object.entries(content)) {
    const hasSchema = typeof (value as { schema?: unknown })?.schema === 'object';
    result.set(mediaType.toLowerCase(), hasSchema ? `${pointer}/${pointerOf(mediaType).slice(1)}/schema` : undefined);
  }
  return result;
}

function mediaTypes(document: Record<string, unknown>, operationPointer: JsonPointer, field: string): string[] {
  const own = resolvePointer(document, `${operationPointer}/${field}`);
  const global = document[field];
  const list = Array.isArray(own) ? own : Array.isArray(global) ? global : ['application/json'];
  return list.map((type) => String(type).toLowerCase());
}

function requestBodyOf(
  document: Record<string, unknown>,
  version: OpenApiVersion,
  pointer: JsonPointer,
  parameters: RawParameter[],
): Operation['requestBody'] {
  if (version === '2.0') {
    const body = parameters.find((parameter) => parameter.in === 'body');
    if (!body) return undefined;
    const content: Content = new Map(
      mediaTypes(document, pointer, 'consumes').map((type) => [type, `${body.pointer}/schema`]),
    );
    return { required: body.required, content, pointer: body.pointer };
  }
  const found = followRefs(document, `${pointer}/requestBody`);
  if (!found) return undefined;
  return {
    required: found.schema.required === true,
    content: contentAt(document, `${found.pointer}/content`),
    pointer: found.pointer,
  };
}

function responsesOf(document: Record<string, unknown>, version: OpenApiVersion, pointer: JsonPointer) {
  const responses = new Map<string, Response>();
  const listed = resolvePointer(document, `${pointer}/responses`);
  if (listed === null || typeof listed !== 'object') return responses;
  for (const status of Object.keys(listed)) {
    const found = followRefs(document, `${pointer}/responses/${pointerOf(status).slice(1)}`);
    if (!found) continue;
    const content: Content =
      version === '2.0'
        ? new Map(
            mediaTypes(document, pointer, 'produces').map((type) => [
              type,
              found.schema.schema ? `${found.pointer}/schema` : undefined,
            ]),
          )
        : contentAt(document, `${found.pointer}/content`);
    const headers = new Map<string, Header>();
    const listedHeaders = found.schema.headers;
    if (listedHeaders && typeof listedHeaders === 'object') {
      for (const name of Object.keys(listedHeaders)) {
        const header = followRefs(document, `${found.pointer}/headers/${pointerOf(name).slice(1)}`);
        if (!header) continue;
        const hasSchema = typeof header.schema.schema === 'object';
        headers.set(name.toLowerCase(), {
          // Swagger 2.0 headers are always sent when documented; 3.x says so with `required`
          required: version === '2.0' || header.schema.required === true,
          schema: hasSchema ? `${header.pointer}/schema` : undefined,
          pointer: header.pointer,
        });
      }
    }
    responses.set(status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(), {
      pointer: found.pointer,
      content,
      headers,
    });
  }
  return responses;
}
