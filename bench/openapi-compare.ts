/**
 * Checking a pact against an OpenAPI document: a pact of 200 interactions against a document of
 * about 5,000 lines (YAML), cold (the document read and its validators compiled) and warm (the
 * broker keeps read documents, with their compiled validators, per provider contract version).
 * Run: npx tsx bench/openapi-compare.ts [--interactions 200] [--resources 100] [--runs 30]
 */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { comparePact, httpInteractionsOf, loadProviderApi } from '../contracts/openapi';
import { percentile } from './stats';

/** `resources` collections, each with a list, a read, a create and an update, and their schemas. */
function documentOf(resources: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let index = 0; index < resources; index++) {
    const name = `Resource${index}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'name', 'status', 'createdAt', 'owner', 'tags'],
      properties: {
        id: { type: 'integer', format: 'int64' },
        name: { type: 'string', maxLength: 200 },
        status: { type: 'string', enum: ['active', 'archived', 'pending'] },
        createdAt: { type: 'string', format: 'date-time' },
        owner: { $ref: '#/components/schemas/Owner' },
        tags: { type: 'array', items: { type: 'string' } },
        price: { type: 'number', minimum: 0, nullable: true },
      },
    };
    schemas[`New${name}`] = {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    };
    const ref = { $ref: `#/components/schemas/${name}` };
    paths[`/resources-${index}`] = {
      get: {
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: {
          200: { description: 'the list', content: { 'application/json': { schema: { type: 'array', items: ref } } } },
        },
      },
      post: {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/New${name}` } } },
        },
        responses: { 201: { description: 'created', content: { 'application/json': { schema: ref } } } },
      },
    };
    paths[`/resources-${index}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        responses: {
          200: { description: 'one', content: { 'application/json': { schema: ref } } },
          404: { description: 'none' },
        },
      },
    };
  }
  schemas.Owner = {
    type: 'object',
    required: ['id', 'email'],
    properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string', format: 'email' } },
  };
  return {
    openapi: '3.0.3',
    info: { title: 'Bench', version: '1' },
    paths,
    components: { schemas },
  };
}

function pactOf(interactions: number, resources: number): Record<string, unknown> {
  const item = (index: number) => ({
    id: index,
    name: `item ${index}`,
    status: 'active',
    createdAt: '2026-01-02T03:04:05.000Z',
    owner: { id: '0b6e3f2c-6a4f-4f7e-9d1c-8f2b1a0c9e7d', email: 'a@example.com' },
    tags: ['a', 'b'],
  });
  return {
    consumer: { name: 'Web' },
    provider: { name: 'Api' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: Array.from({ length: interactions }, (_, index) => {
      const resource = index % resources;
      const kind = index % 3;
      const description = `interaction ${index}`;
      if (kind === 0)
        return {
          description,
          request: { method: 'GET', path: `/resources-${resource}`, query: { status: ['active'], limit: ['10'] } },
          response: {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
            body: [item(1), item(2)],
            matchingRules: { body: { $: { matchers: [{ match: 'type', min: 1 }] } } },
          },
        };
      if (kind === 1)
        return {
          description,
          request: { method: 'GET', path: `/resources-${resource}/${index}` },
          response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: item(index) },
        };
      return {
        description,
        request: {
          method: 'POST',
          path: `/resources-${resource}`,
          headers: { 'Content-Type': 'application/json' },
          body: { name: 'new', tags: ['x'] },
        },
        response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: item(index) },
      };
    }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      interactions: { type: 'string', default: '200' },
      resources: { type: 'string', default: '100' },
      runs: { type: 'string', default: '30' },
    },
  });
  const resources = Number(values.resources);
  const content = stringify(documentOf(resources));
  const pact = pactOf(Number(values.interactions), resources);
  const lines = content.split('\n').length;
  const coldStarted = performance.now();
  const api = await loadProviderApi({ content });
  const interactions = httpInteractionsOf(pact);
  const first = comparePact(api, interactions);
  const coldMs = performance.now() - coldStarted;
  if (!first.compatible) throw new Error(`the bench's pact should be compatible: ${first.mismatches[0]?.message}`);
  const warm: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const started = performance.now();
    comparePact(api, httpInteractionsOf(pact));
    warm.push(performance.now() - started);
  }
  const sorted = Float64Array.from(warm).sort();
  process.stdout.write(
    `${JSON.stringify(
      {
        documentLines: lines,
        interactions: interactions.length,
        coldMs: Math.round(coldMs),
        warmP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
        warmP99Ms: Number(percentile(sorted, 0.99).toFixed(1)),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
