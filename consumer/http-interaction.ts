import type { Path, TemplateHeaders, TemplateQuery } from '@pact-foundation/pact/src/v3';
import type { PactV4 } from '@pact-foundation/pact/src/v4';
import type {
  V4InteractionWithResponse,
  V4RequestBuilder,
  V4ResponseBuilder,
} from '@pact-foundation/pact/src/v4/http/types';
import type { z } from 'zod';
import { givenStates, type ProviderStates } from './provider-states';
import { buildMatchers, type MatcherTemplate } from './zod-matchers';

/**
 * A JSON body: the schema decides the matching rules, the example is the value the mock
 * server sends (a response) or expects (a request). The example must satisfy the schema.
 *
 * @example
 * const body: SchemaExample<typeof Order> = { schema: Order, example: { id: 7, status: 'open' } };
 */
export type SchemaExample<S extends z.core.$ZodType = z.core.$ZodType> = { schema: S; example: z.input<S> };

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export type HttpRequest<S extends z.core.$ZodType = z.core.$ZodType> = {
  method: HttpMethod;
  path: Path;
  query?: TemplateQuery;
  headers?: TemplateHeaders;
  body?: SchemaExample<S>;
};

export type HttpResponse<S extends z.core.$ZodType = z.core.$ZodType> = {
  status: number;
  headers?: TemplateHeaders;
  body?: SchemaExample<S>;
};

/**
 * One request the consumer sends and the response it relies on. Written as a value, it can be
 * shared between tests or built by a function per resource.
 *
 * @example
 * const orderSeven: HttpInteraction<z.ZodType, typeof Order> = {
 *   state: { name: 'an order exists', params: { id: 7 } },
 *   uponReceiving: 'a request for order 7',
 *   request: { method: 'GET', path: '/orders/7' },
 *   response: { status: 200, body: { schema: Order, example: { id: 7, status: 'open' } } },
 * };
 */
export type HttpInteraction<
  Request extends z.core.$ZodType = z.core.$ZodType,
  Response extends z.core.$ZodType = z.core.$ZodType,
> = {
  /** The provider state(s) the provider sets up before this interaction is replayed. */
  state?: ProviderStates;
  /** What the consumer sends, in words: unique within the pact together with the state. */
  uponReceiving: string;
  request: HttpRequest<Request>;
  response: HttpResponse<Response>;
};

/**
 * Adds an HTTP interaction to the pact and returns it ready for `executeTest`, which starts
 * the mock server, runs the test against it, fails on any request the contract does not
 * describe (or an expected request that never came), and writes the pact file on success.
 *
 * Bodies are JSON built with `buildMatchers`; headers, query and path take plain values or
 * pact-js matchers as they are.
 *
 * @example
 * await addHttpInteraction(pact, {
 *   state: { name: 'an order exists', params: { id: 7 } },
 *   uponReceiving: 'a request for order 7',
 *   request: { method: 'GET', path: '/orders/7', headers: { Accept: 'application/json' } },
 *   response: { status: 200, body: { schema: Order, example: { id: 7, status: 'open' } } },
 * }).executeTest(async (mockServer) => {
 *   expect(await new OrderClient(mockServer.url).order(7)).toEqual({ id: 7, status: 'open' });
 * });
 */
export function addHttpInteraction<Request extends z.core.$ZodType, Response extends z.core.$ZodType>(
  pact: PactV4,
  interaction: HttpInteraction<Request, Response>,
): V4InteractionWithResponse {
  const { request, response } = interaction;
  // Built before the pact is touched, so a schema error leaves no half-built interaction behind.
  const requestBody = bodyMatchers(request.body);
  const responseBody = bodyMatchers(response.body);
  return givenStates(pact.addInteraction(), interaction.state)
    .uponReceiving(interaction.uponReceiving)
    .withRequest(request.method, request.path, (builder) => describeRequest(builder, request, requestBody))
    .willRespondWith(response.status, (builder) => describeResponse(builder, response, responseBody));
}

function bodyMatchers(body: SchemaExample | undefined): MatcherTemplate | undefined {
  return body === undefined ? undefined : buildMatchers(body.schema, body.example);
}

function describeRequest(builder: V4RequestBuilder, request: HttpRequest, body: MatcherTemplate | undefined): void {
  if (request.query) builder.query(request.query);
  if (request.headers) builder.headers(request.headers);
  if (body !== undefined) builder.jsonBody(body);
}

function describeResponse(builder: V4ResponseBuilder, response: HttpResponse, body: MatcherTemplate | undefined): void {
  if (response.headers) builder.headers(response.headers);
  if (body !== undefined) builder.jsonBody(body);
}
