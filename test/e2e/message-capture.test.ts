import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Channel, type ChannelModel, connect as connectAmqp } from 'amqplib';
import { connect as connectNats, headers, type NatsConnection } from 'nats';
import { z } from 'zod';
import { addMessageInteraction, consumerPact } from '../../consumer';
import { fromNats, fromRabbitMq } from '../../provider';
import { verifyProvider } from '../../provider/verify';
import { AMQP_URL, messageBrokersAvailable, NATS_URL } from '../support/message-brokers';

/**
 * Verifying what a provider really publishes: the consumer layer records an OrderCreated event;
 * the provider (its own publishing code, below) is triggered and the message captured from the
 * real RabbitMQ at 127.0.0.1:5672 and NATS at 127.0.0.1:4222, on an exchange and a subject of
 * this test's own, removed afterwards.
 */

const OrderCreated = z.object({ orderId: z.number().int(), customer: z.string() });

const run = randomBytes(4).toString('hex');
const exchange = `treaty-test-orders-${run}`;
const subject = `treaty.test.${run}.orders.created`;

let directory: string;
let pactFile: string;
let amqp: ChannelModel;
let channel: Channel;
let nats: NatsConnection;

const describeWithBrokers = messageBrokersAvailable() ? describe : describe.skip;

beforeAll(async () => {
  if (!messageBrokersAvailable()) return;
  directory = mkdtempSync(join(tmpdir(), 'treaty-capture-'));
  const pact = consumerPact({ consumer: 'OrderMailer', provider: 'OrderService', dir: directory });
  await addMessageInteraction(pact, {
    state: { name: 'an order was placed', params: { id: 7 } },
    description: 'an OrderCreated event',
    content: { schema: OrderCreated, example: { orderId: 7, customer: 'Ann' } },
  }).executeTest(async (message) => OrderCreated.parse(message.content));
  pactFile = join(directory, 'OrderMailer-OrderService.json');
  amqp = await connectAmqp(AMQP_URL, { noDelay: true });
  channel = await amqp.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: false });
  nats = await connectNats({ servers: NATS_URL });
});
afterAll(async () => {
  if (!messageBrokersAvailable()) return;
  await channel.deleteExchange(exchange);
  await amqp.close();
  await nats.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The provider's own publishing code: what placing an order sends. */
const orderService = (field = 'orderId') => ({
  placeOrderOverAmqp: (id: number) =>
    channel.publish(exchange, 'orders.created', Buffer.from(JSON.stringify({ [field]: id, customer: 'Bob' })), {
      contentType: 'application/json',
    }),
  placeOrderOverNats: (id: number) => {
    const sent = headers();
    sent.set('content-type', 'application/json');
    nats.publish(subject, JSON.stringify({ [field]: id, customer: 'Bob' }), { headers: sent });
  },
});

const verify = (producer: Parameters<typeof verifyProvider>[0]['messageProducers']) =>
  verifyProvider({
    provider: 'OrderService',
    pactUrls: [pactFile],
    messageProducers: producer,
    stateHandlers: { 'an order was placed': () => undefined },
    log: () => undefined,
  });

describeWithBrokers('verifying the message the provider really publishes', () => {
  it('captures it from RabbitMQ after triggering the provider', async () => {
    const service = orderService();
    const result = await verify({
      'an OrderCreated event': fromRabbitMq({
        url: AMQP_URL,
        exchange,
        routingKey: 'orders.created',
        trigger: () => service.placeOrderOverAmqp(8),
      }),
    });
    expect(result).toMatchObject({ success: true, interactions: 1, failures: [] });
  });

  it('captures it from NATS after triggering the provider', async () => {
    const service = orderService();
    const result = await verify({
      'an OrderCreated event': fromNats({ servers: NATS_URL, subject, trigger: () => service.placeOrderOverNats(8) }),
    });
    expect(result).toMatchObject({ success: true, interactions: 1, failures: [] });
  });

  it('fails, naming the field, when the provider publishes it renamed', async () => {
    const service = orderService('id');
    for (const producer of [
      fromRabbitMq({ url: AMQP_URL, exchange, trigger: () => service.placeOrderOverAmqp(8) }),
      fromNats({ servers: NATS_URL, subject, trigger: () => service.placeOrderOverNats(8) }),
    ]) {
      const result = await verify({ 'an OrderCreated event': producer });
      expect(result.success).toBe(false);
      expect(result.failures[0]!.reasons.join('\n')).toContain('orderId');
    }
  });

  it('says so when the provider publishes nothing, or to an exchange that does not exist', async () => {
    const silent = await verify({
      'an OrderCreated event': fromRabbitMq({
        url: AMQP_URL,
        exchange,
        routingKey: 'orders.created',
        trigger: () => undefined,
        timeoutMs: 300,
      }),
    });
    expect(silent.failures[0]!.reasons[0]).toBe(
      `the message producer for "an OrderCreated event" threw: no message arrived on the exchange "${exchange}" with routing key orders.created within 300 ms of the trigger`,
    );
    const nowhere = await verify({
      'an OrderCreated event': fromRabbitMq({
        url: AMQP_URL,
        exchange: `${exchange}-missing`,
        trigger: () => undefined,
      }),
    });
    expect(nowhere.failures[0]!.reasons[0]).toContain(`the exchange "${exchange}-missing" does not exist`);
  });
});
