import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Dialect, migrateToLatest, openDatabase } from '../broker/db/connect';
import type { BrokerOverrides } from './broker-process-entry';
import { type EstateSetUp, publicationsOf } from './estate-requests';
import type { WebhookRow } from './rows';
import { startServerProcess } from './server-process';
import { percentile } from './stats';

export type WebhookResult = {
  kind: 'webhooks';
  row: string;
  dialect: Dialect;
  instances: number;
  events: number;
  delivered: number;
  /** From each publication's answer to its delivery's arrival at the receiver. */
  p50Ms: number;
  p99Ms: number;
  deliveriesPerSecond: number;
  failure?: string;
  notMeasured?: string;
};

/** Webhooks let through to the bench's receiver on 127.0.0.1 over http, as an operator would allow them. */
const TO_THE_RECEIVER: BrokerOverrides['webhooks'] = { schemeWhitelist: ['http'], hostWhitelist: ['127.0.0.1'] };

/**
 * A webhook on every publication of the estate, stored directly (as the API would after its
 * checks); answers a function that removes it with everything it queued and logged, so the rows
 * after it run on the estate as before.
 */
export async function withBenchWebhook(databaseUrl: string, url: string): Promise<() => Promise<void>> {
  const { db } = openDatabase(databaseUrl);
  await migrateToLatest(db);
  const uuid = randomBytes(16).toString('base64url');
  const at = new Date().toISOString();
  await db
    .insertInto('webhooks')
    .values({
      uuid,
      description: 'npm run bench',
      enabled: 1,
      consumer_id: null,
      consumer_label: null,
      provider_id: null,
      provider_label: null,
      events: JSON.stringify(['contract_published']),
      request: JSON.stringify({
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json' },
        body: { event: '${pactbroker.consumerName}|${pactbroker.providerName}|${pactbroker.consumerVersionNumber}' },
      }),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db.destroy();
  return async () => {
    const cleanup = openDatabase(databaseUrl).db;
    await cleanup.deleteFrom('triggered_webhooks').where('webhook_uuid', '=', uuid).execute();
    await cleanup.deleteFrom('webhooks').where('uuid', '=', uuid).execute();
    await cleanup.destroy();
  };
}

/**
 * 1,000 publications of new content, each firing the webhook, sent by eight clients to the row's
 * broker instances in turn; the receiver notes when each event arrives. Latency is from the
 * publication's answer (its event is committed then) to the arrival; throughput is the events
 * over the time from the first publication to the last arrival.
 */
export async function measureWebhookRow(
  row: WebhookRow,
  dialect: Dialect,
  databaseUrl: string,
  estate: Omit<EstateSetUp, 'baseUrl'>,
  log: (line: string) => void,
): Promise<WebhookResult> {
  const base = { kind: 'webhooks' as const, row: row.name, dialect, instances: row.instances, events: row.events };
  const empty = { delivered: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, deliveriesPerSecond: Number.NaN };
  if (row.instances > 1 && dialect !== 'postgres')
    return { ...base, ...empty, notMeasured: 'instances share a database on PostgreSQL only' };
  const arrivals = new Map<string, number>();
  let allArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { event } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string };
      if (!arrivals.has(event)) arrivals.set(event, performance.now());
      response.writeHead(200).end();
      if (arrivals.size >= row.events) allArrived();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const removeWebhook = await withBenchWebhook(
    databaseUrl,
    `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/delivery`,
  );
  const brokers = await Promise.all(
    Array.from({ length: row.instances }, () =>
      startServerProcess(
        join(__dirname, 'broker-process-entry.ts'),
        [databaseUrl, JSON.stringify({ webhooks: TO_THE_RECEIVER } satisfies BrokerOverrides)],
        'broker',
      ),
    ),
  );
  try {
    const publications = publicationsOf({ ...estate, baseUrl: '' } as EstateSetUp, 2).slice(0, row.events);
    const answered = new Map<string, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < publications.length; index = next++) {
          const { request } = publications[index]!;
          const broker = brokers[index % brokers.length]!;
          const response = await fetch(`${broker.url}${request.path}`, {
            method: request.method ?? 'GET',
            headers: request.headers ?? {},
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          if (response.status !== 200) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
          const { pacticipantName, pacticipantVersionNumber, contracts } = JSON.parse(request.body!) as {
            pacticipantName: string;
            pacticipantVersionNumber: string;
            contracts: [{ providerName: string }];
          };
          answered.set(
            `${pacticipantName}|${contracts[0].providerName}|${pacticipantVersionNumber}`,
            performance.now(),
          );
        }
      }),
    );
    log(`${row.name}: ${row.events} publications answered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 120_000).unref());
    const outcome = await Promise.race([arrived.then(() => 'all' as const), timeout]);
    const latencies = Float64Array.from(
      [...answered].flatMap(([event, at]) => (arrivals.has(event) ? [Math.max(0, arrivals.get(event)! - at)] : [])),
    ).sort();
    const last = Math.max(...arrivals.values());
    return {
      ...base,
      delivered: arrivals.size,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      deliveriesPerSecond: arrivals.size / ((last - started) / 1000),
      ...(outcome === 'timeout' && { failure: `only ${arrivals.size} of ${row.events} delivered within 120 s` }),
    };
  } catch (error) {
    return { ...base, ...empty, delivered: arrivals.size, failure: (error as Error).message };
  } finally {
    await Promise.all(brokers.map((broker) => broker.stop()));
    receiver.close();
    await removeWebhook();
  }
}
