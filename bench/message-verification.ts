/**
 * Message verification of 200 messages: through producer functions, and by capture from the
 * real RabbitMQ and NATS, each against producing (or publishing and receiving) the same 200
 * messages without verification. Needs RabbitMQ at 127.0.0.1:5672 and NATS at 127.0.0.1:4222.
 * Run: npx tsx bench/message-verification.ts [--messages 200]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect as connectAmqp } from 'amqplib';
import { connect as connectNats } from 'nats';
import { fromNats, fromRabbitMq } from '../provider/message-capture';
import type { MessageProducer, MessageProducers } from '../provider/message-producers';
import { verifyProvider } from '../provider/verify';

const AMQP_URL = process.env.TREATY_BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const NATS_URL = process.env.TREATY_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A V4 pact of `count` asynchronous messages, each an event with a few typed fields. */
function pactOf(count: number) {
  return {
    consumer: { name: 'BenchConsumer' },
    provider: { name: 'BenchProvider' },
    metadata: { pactSpecification: { version: '4.0' } },
    interactions: Array.from({ length: count }, (_, index) => ({
      type: 'Asynchronous/Messages',
      description: `event ${index}`,
      contents: {
        content: { id: index, name: `item ${index}`, tags: ['a', 'b'], total: 12.5 },
        contentType: 'application/json',
        encoded: false,
      },
      matchingRules: {
        body: { $: { combine: 'AND', matchers: [{ match: 'type' }] } },
      },
    })),
  };
}

const event = (index: number) => ({ id: index + 1000, name: `other ${index}`, tags: ['c'], total: 3.25 });

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '200' } } });
  const count = Number(values.messages);
  const directory = mkdtempSync(join(tmpdir(), 'treaty-message-bench-'));
  const pactFile = join(directory, 'pact.json');
  writeFileSync(pactFile, JSON.stringify(pactOf(count)));
  const indexes = Array.from({ length: count }, (_, index) => index);
  const verify = async (producers: MessageProducers) => {
    const result = await verifyProvider({
      provider: 'BenchProvider',
      pactUrls: [pactFile],
      messageProducers: producers,
      log: () => undefined,
    });
    if (!result.success) throw new Error(`the bench's messages should verify: ${result.failures[0]?.reasons[0]}`);
  };
  /** Every event captured by its producer on its own, then the same producers through the verifier. */
  const captured = async (producerFor: (index: number) => MessageProducer) => {
    const [, aloneMs] = await timed(async () => {
      for (const index of indexes) await producerFor(index)([]);
    });
    const [, verifiedMs] = await timed(() =>
      verify(Object.fromEntries(indexes.map((index) => [`event ${index}`, producerFor(index)]))),
    );
    return { aloneMs, verifiedMs };
  };

  const rows: Record<string, number>[] = [];
  try {
    // producer functions
    const [, produceMs] = await timed(async () => indexes.map((index) => ({ content: event(index) })));
    const [, verifyFunctionsMs] = await timed(() =>
      verify(Object.fromEntries(indexes.map((index) => [`event ${index}`, () => ({ content: event(index) })]))),
    );
    rows.push({ producerFunctionsMs: verifyFunctionsMs, producingAloneMs: produceMs });

    // RabbitMQ: a publisher connection, an exchange of the bench's own
    const exchange = `treaty-bench-${randomBytes(4).toString('hex')}`;
    const amqp = await connectAmqp(AMQP_URL, { noDelay: true });
    const channel = await amqp.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: false });
    const publish = (index: number) =>
      channel.publish(exchange, `events.${index}`, Buffer.from(JSON.stringify(event(index))), {
        contentType: 'application/json',
      });
    // without verification: the same capture (a queue bound before, one message after) and trigger
    const { aloneMs: amqpAloneMs, verifiedMs: amqpVerifyMs } = await captured((index) =>
      fromRabbitMq({ url: AMQP_URL, exchange, trigger: () => publish(index) }),
    );
    await channel.deleteExchange(exchange);
    await amqp.close();
    rows.push({ rabbitMqCaptureMs: amqpVerifyMs, rabbitMqAloneMs: amqpAloneMs });

    // NATS
    const subject = `treaty.bench.${randomBytes(4).toString('hex')}`;
    const nats = await connectNats({ servers: NATS_URL });
    const send = (index: number) => nats.publish(subject, JSON.stringify(event(index)));
    const { aloneMs: natsAloneMs, verifiedMs: natsVerifyMs } = await captured((index) =>
      fromNats({ servers: NATS_URL, subject, trigger: () => send(index) }),
    );
    await nats.close();
    rows.push({ natsCaptureMs: natsVerifyMs, natsAloneMs });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const [functions, rabbit, nats] = rows as [Record<string, number>, Record<string, number>, Record<string, number>];
  const round = (value: number) => Math.round(value * 10) / 10;
  process.stdout.write(
    `${JSON.stringify(
      {
        messages: count,
        producerFunctions: {
          verifyMs: round(functions.producerFunctionsMs!),
          aloneMs: round(functions.producingAloneMs!),
        },
        rabbitMq: {
          verifyMs: round(rabbit.rabbitMqCaptureMs!),
          aloneMs: round(rabbit.rabbitMqAloneMs!),
          ratio: round(rabbit.rabbitMqCaptureMs! / rabbit.rabbitMqAloneMs!),
        },
        nats: {
          verifyMs: round(nats.natsCaptureMs!),
          aloneMs: round(nats.natsAloneMs!),
          ratio: round(nats.natsCaptureMs! / nats.natsAloneMs!),
        },
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
