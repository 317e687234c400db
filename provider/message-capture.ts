import { connect as connectAmqp } from 'amqplib';
import { connect as connectNats, type Msg } from 'nats';
import type { MessageProducer, MessageState, ProducedMessage } from './message-producers';

/**
 * Message producers that verify what the provider really publishes: each triggers the provider
 * (placing an order through its own code) and captures the message from the real broker, so the
 * exchange, routing key or subject, headers and serialisation are checked too, not only the
 * function that builds the content. The capture listens before the trigger runs and is torn
 * down after, whatever happens.
 */

/** Makes the provider publish the message, under the interaction's provider states. */
export type Trigger = (states: MessageState[]) => unknown;

const DEFAULT_TIMEOUT_MS = 5000;

/** JSON when the content type says so or the body parses, else the text. */
function contentOf(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  if (contentType && !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Captures from RabbitMQ: a queue of its own (exclusive, deleted with its connection) bound to
 * the provider's exchange with the routing key (a topic pattern such as "orders.*"; default
 * everything). Metadata: exchange, routingKey, contentType and the message's headers.
 */
export function fromRabbitMq(options: {
  url: string;
  exchange: string;
  routingKey?: string;
  trigger: Trigger;
  timeoutMs?: number;
}): MessageProducer {
  return async (states) => {
    // noDelay: without it each publish and delivery waits for Nagle's algorithm (40 ms)
    const connection = await connectAmqp(options.url, { noDelay: true });
    connection.on('error', () => undefined);
    try {
      // a channel of its own: the broker closes a channel whose check fails
      const channel = await connection.createChannel();
      // the failure is the check's rejection below; the channel's error event says it again
      channel.on('error', () => undefined);
      try {
        await channel.checkExchange(options.exchange);
      } catch (error) {
        throw new Error(
          `the exchange "${options.exchange}" does not exist on ${redact(options.url)}: the provider declares it, so trigger it once or check the name (${(error as Error).message})`,
          { cause: error },
        );
      }
      const verified = await connection.createChannel();
      const { queue } = await verified.assertQueue('', { exclusive: true, autoDelete: true });
      await verified.bindQueue(queue, options.exchange, options.routingKey ?? '#');
      const arrived = new Promise<ProducedMessage>((resolve) => {
        void verified.consume(
          queue,
          (message) => {
            if (!message) return;
            const { contentType, headers } = message.properties as {
              contentType?: string;
              headers?: Record<string, unknown>;
            };
            resolve({
              content: contentOf(message.content, contentType),
              metadata: {
                exchange: message.fields.exchange,
                routingKey: message.fields.routingKey,
                ...(contentType ? { contentType } : {}),
                ...(headers ?? {}),
              },
            });
          },
          { noAck: true },
        );
      });
      await options.trigger(states);
      return await within(
        arrived,
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        `no message arrived on the exchange "${options.exchange}"${options.routingKey ? ` with routing key ${options.routingKey}` : ' (with no routingKey the queue is bound with "#", which only a topic exchange reads as everything: give the routing key)'}`,
      );
    } finally {
      await connection.close().catch(() => undefined);
    }
  };
}

/**
 * Captures from NATS: a subscription to the subject (wildcards allowed) made and flushed before
 * the trigger. Metadata: subject and the message's headers.
 */
export function fromNats(options: {
  servers: string;
  subject: string;
  trigger: Trigger;
  timeoutMs?: number;
}): MessageProducer {
  return async (states) => {
    const connection = await connectNats({ servers: options.servers });
    try {
      let received: (message: Msg) => void = () => undefined;
      const arrived = new Promise<Msg>((resolve) => (received = resolve));
      // a callback, not the async iterator: racing the iterator against a timer can lose the message
      connection.subscribe(options.subject, { max: 1, callback: (error, message) => !error && received(message) });
      await connection.flush();
      await options.trigger(states);
      const message = await within(
        arrived,
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        `no message arrived on the subject "${options.subject}"`,
      );
      const headers = Object.fromEntries(
        [...(message.headers?.keys() ?? [])].map((key) => [key, message.headers!.get(key)]),
      );
      const contentType = typeof headers['content-type'] === 'string' ? (headers['content-type'] as string) : undefined;
      return {
        content: contentOf(Buffer.from(message.data), contentType),
        metadata: { subject: message.subject, ...headers },
      };
    } finally {
      await connection.close().catch(() => undefined);
    }
  };
}

async function within<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${milliseconds} ms of the trigger`)), milliseconds);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
