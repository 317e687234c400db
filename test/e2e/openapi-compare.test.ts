import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { comparePact, httpInteractionsOf, loadProviderApi, type Mismatch } from '../../contracts/openapi';
import { recordOrderWebPact } from '../support/order-web-pact';
import { runTreaty } from '../support/treaty-cli';

/**
 * The example consumer's contract with OrderApi (test/support/order-web-pact.ts), checked against the example provider's OpenAPI document (examples/order-api/openapi, $refs
 * across files, allOf, oneOf with a discriminator, anyOf without, nullable, formats, enums,
 * additionalProperties, path parameters and query arrays) and against changed copies of it.
 */

let directory: string;
let pactFile: string;

/** A copy of the example provider's document with one file changed, as a provider's change would. */
function changedDocument(file: string, change: (document: ReturnType<typeof parseDocument>) => void): string {
  const copy = mkdtempSync(join(directory, 'openapi-'));
  cpSync(join(__dirname, '../../examples/order-api/openapi'), copy, { recursive: true });
  const document = parseDocument(readFileSync(join(copy, file), 'utf8'));
  change(document);
  writeFileSync(join(copy, file), document.toString());
  return join(copy, 'openapi.yaml');
}

async function compare(openapi: string): Promise<Mismatch[]> {
  const api = await loadProviderApi({ file: openapi });
  return comparePact(api, httpInteractionsOf(JSON.parse(readFileSync(pactFile, 'utf8')))).mismatches;
}

/** Where an interaction is in the pact file (Pact orders them as it likes). */
function interactionPointer(description: string): string {
  const { interactions } = JSON.parse(readFileSync(pactFile, 'utf8')) as { interactions: { description: string }[] };
  return `/interactions/${interactions.findIndex((interaction) => interaction.description === description)}`;
}

const BASE = join(__dirname, '../../examples/order-api/openapi/openapi.yaml');

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'treaty-openapi-'));
  pactFile = await recordOrderWebPact(join(directory, 'pacts'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('a pact against an OpenAPI document', () => {
  it('is compatible with the document the provider has today, and treaty compare says so with exit 0', async () => {
    expect(await compare(BASE)).toEqual([]);
    const run = await runTreaty(['compare', '--pact', pactFile, '--openapi', BASE]);
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toContain('Compatible: the 6 HTTP interactions');
  });

  it('names a field the provider removed, where it was read and where it was documented', async () => {
    const openapi = changedDocument('schemas/order.yaml', (document) => {
      document.deleteIn(['Order', 'allOf', 1, 'properties', 'total']);
      document.setIn(['Order', 'allOf', 1, 'required'], ['placedAt']);
    });
    const mismatches = await compare(openapi);
    expect(mismatches).toContainEqual(
      expect.objectContaining({
        interaction: 'a request for order 1',
        kind: 'response-body',
        pactPointer: `${interactionPointer('a request for order 1')}/response/body/total`,
        message: expect.stringContaining('the consumer reads $.total, which the provider does not have'),
      }),
    );
    const run = await runTreaty(['compare', '--pact', pactFile, '--openapi', openapi, '--output', 'json']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ compatible: false, interactions: 6 });
  });

  it('names a field whose type changed', async () => {
    const openapi = changedDocument('schemas/order.yaml', (document) => {
      document.setIn(['OrderSummary', 'properties', 'id'], { type: 'string', format: 'uuid' });
    });
    expect(await compare(openapi)).toContainEqual(
      expect.objectContaining({
        interaction: 'a request for order 1',
        pactPointer: `${interactionPointer('a request for order 1')}/response/body/id`,
        expected: 'string',
        actual: 'integer',
        message: expect.stringContaining('the consumer expects $.id to be an integer, but the provider sends a string'),
      }),
    );
  });

  it('names a field the provider may now omit', async () => {
    const openapi = changedDocument('schemas/order.yaml', (document) => {
      document.setIn(['Order', 'allOf', 1, 'required'], ['total']);
    });
    expect((await compare(openapi)).map((mismatch) => mismatch.message)).toContain(
      '"a request for order 1" (GET /orders/1): the consumer reads $.placedAt, which the provider may omit (it is not required in its schema)',
    );
  });

  it('names a missing endpoint', async () => {
    const openapi = changedDocument('openapi.yaml', (document) => {
      document.deleteIn(['paths', '/orders/{id}/payment']);
    });
    expect(await compare(openapi)).toEqual([
      expect.objectContaining({
        interaction: 'a request for how order 1 is paid',
        kind: 'unknown-path',
        message:
          '"a request for how order 1 is paid" (GET /orders/1/payment): the provider documents no path /orders/1/payment',
      }),
    ]);
  });

  it('names a status the provider does not document', async () => {
    const openapi = changedDocument('openapi.yaml', (document) => {
      document.deleteIn(['paths', '/orders/{id}', 'get', 'responses', '404']);
    });
    expect(await compare(openapi)).toEqual([
      expect.objectContaining({
        kind: 'undocumented-status',
        pactPointer: `${interactionPointer('a request for an order that does not exist')}/response/status`,
        specPointer: '/paths/~1orders~1{id}/get/responses',
        expected: '200',
        actual: '404',
      }),
    ]);
  });

  it('names an enum value the provider does not have, and one the consumer would refuse', async () => {
    const openapi = changedDocument('schemas/order.yaml', (document) => {
      document.setIn(['OrderStatus', 'enum'], ['open', 'dispatched']);
    });
    const messages = (await compare(openapi)).map((mismatch) => mismatch.message);
    expect(messages).toContain(
      '"a request for the open and shipped orders" (GET /orders): the query parameter "status" is not what the provider accepts: /1 must be one of "open", "dispatched"',
    );
    expect(messages.some((message) => message.includes('the provider may send "dispatched" for $.status'))).toBe(true);
  });

  it('names a parameter the provider requires and the consumer does not send', async () => {
    const openapi = changedDocument('openapi.yaml', (document) => {
      document.setIn(
        ['paths', '/orders', 'post', 'parameters'],
        [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }],
      );
    });
    expect(await compare(openapi)).toEqual([
      expect.objectContaining({
        interaction: 'an order placed',
        kind: 'request-header',
        message:
          '"an order placed" (POST /orders): the provider requires the header parameter "Idempotency-Key", which the consumer does not send',
      }),
    ]);
  });

  it('reads oneOf by its discriminator, and names a field one shape lacks', async () => {
    const openapi = changedDocument('schemas/payment.yaml', (document) => {
      document.deleteIn(['CardPayment', 'properties', 'brand']);
      document.setIn(['CardPayment', 'required'], ['method', 'last4']);
    });
    expect((await compare(openapi)).map((mismatch) => mismatch.message)).toEqual([
      '"a request for how order 1 is paid" (GET /orders/1/payment): the consumer reads $.brand, which the provider does not have (its schema has no "brand")',
    ]);
  });

  it('reads nullable (3.0) and type [x, "null"] (3.1) alike: a consumer reading the field as a value is told it may be null', async () => {
    const nullable30 = changedDocument('schemas/order.yaml', (document) => {
      document.setIn(['Order', 'allOf', 1, 'properties', 'placedAt', 'nullable'], true);
    });
    const nullable31 = changedDocument('schemas/order.yaml', (document) => {
      document.setIn(['Order', 'allOf', 1, 'properties', 'placedAt', 'type'], ['string', 'null']);
    });
    const root = parseDocument(readFileSync(nullable31, 'utf8'));
    root.set('openapi', '3.1.0');
    writeFileSync(nullable31, root.toString());
    for (const openapi of [nullable30, nullable31])
      expect((await compare(openapi)).map((mismatch) => mismatch.message)).toContain(
        '"a request for order 1" (GET /orders/1): the consumer reads $.placedAt as a string, but the provider may send null',
      );
  });

  it.each([
    [['--pact', 'missing.json', '--openapi', BASE], '--pact missing.json could not be read'],
    [['--openapi', BASE], '--pact is required'],
    [['--pact', BASE, '--openapi', BASE], 'is not JSON'],
  ])('refuses %j with exit 2: %s', async (args, message) => {
    const run = await runTreaty(['compare', ...args], {}, { cwd: directory });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('refuses a document that is not OpenAPI with exit 2', async () => {
    const notOpenapi = join(directory, 'not-openapi.yaml');
    writeFileSync(notOpenapi, 'title: a document\npaths: {}\n');
    const run = await runTreaty(['compare', '--pact', pactFile, '--openapi', notOpenapi]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--openapi');
  });
});
