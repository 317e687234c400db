import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { addMessageInteraction, consumerPact } from '../../consumer';
import { OrderCreated } from '../../examples/order-mailer/order-events';
import { orderCreatedEvent } from '../../examples/order-service/order-service';
import { verifyProvider } from '../../provider/verify';
import { given } from '../support/given';
import { AMQP_URL, messageBrokersAvailable } from '../support/message-brokers';
import { recordExamplePact } from '../support/order-web-pact';
import { expectSuccess, printed, type Run, runPactBroker } from '../support/pact-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

/**
 * Message contracts through the whole flow with the examples: OrderMailer's test records the
 * OrderCreated event it handles (examples/order-mailer), pact-broker publishes it, treaty verify
 * checks OrderService (examples/order-service) from the function that builds the event and from
 * what it really publishes on RabbitMQ, and can-i-deploy answers. A provider with no HTTP at all.
 */

const CONFIG = join(__dirname, '../../examples/order-service/verification.config.ts');
const exchange = `treaty-test-orders-${randomBytes(4).toString('hex')}`;
const describeWithBrokers = messageBrokersAvailable() ? describe : describe.skip;

describeWithBrokers('message contracts end to end with the examples', () => {
  let broker: TestBroker & { url: string };
  let directory: string;
  let pactFile: string;
  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
    directory = mkdtempSync(join(tmpdir(), 'treaty-message-flow-'));
    pactFile = await recordExamplePact('order-mailer', 'OrderMailer-OrderService.json', join(directory, 'pacts'));
    await given(broker.app.db).environment('production', true);
  });
  afterAll(async () => {
    await broker.close();
    rmSync(directory, { recursive: true, force: true });
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  const pactBroker = async (...args: string[]): Promise<Run> => ({
    args,
    ...(await runPactBroker([...args, '--broker-base-url', broker.url])),
  });
  const treatyVerify = (version: string, env: Record<string, string> = {}) =>
    runTreaty(
      [
        'verify',
        '--config',
        CONFIG,
        '--broker-url',
        broker.url,
        '--provider-version',
        version,
        '--provider-version-branch',
        'main',
        '--publish',
      ],
      env,
    );

  it('records, publishes, verifies from the producer and from RabbitMQ, and can-i-deploy says yes', async () => {
    expectSuccess(
      await pactBroker('publish', join(directory, 'pacts'), '--consumer-app-version', 'mailer-1', '--branch', 'main'),
    );

    const fromFunction = await treatyVerify('service-1');
    expect(fromFunction.stderr).toContain('Verifying OrderService (messages only)');
    expect(fromFunction.stderr).toContain('1 interaction(s) verified: 1 passed, 0 failed');
    expect(fromFunction.exitCode).toBe(0);

    const fromQueue = await treatyVerify('service-2', {
      ORDER_SERVICE_AMQP_URL: AMQP_URL,
      ORDER_SERVICE_EXCHANGE: exchange,
    });
    expect(fromQueue.stderr).toContain('1 interaction(s) verified: 1 passed, 0 failed');
    expect(fromQueue.exitCode).toBe(0);

    expectSuccess(
      await pactBroker(
        'record-deployment',
        '--pacticipant',
        'OrderService',
        '--version',
        'service-2',
        '--environment',
        'production',
      ),
    );
    const answer = await pactBroker(
      'can-i-deploy',
      '--pacticipant',
      'OrderMailer',
      '--version',
      'mailer-1',
      '--to-environment',
      'production',
    );
    expectSuccess(answer);
    expect(printed(answer)).toContain('Computer says yes');
  });

  it('fails a provider that renamed a field, saying which', async () => {
    const result = await verifyProvider({
      provider: 'OrderService',
      pactUrls: [pactFile],
      messageProducers: {
        'an OrderCreated event': () =>
          orderCreatedEvent(
            { id: 7, customer: { name: 'Bob', email: 'bob@example.com' }, total: 10 },
            { orderIdField: 'id' },
          ),
      },
      stateHandlers: { 'an order was placed': () => undefined },
      log: () => undefined,
    });
    expect(result.success).toBe(false);
    expect(result.failures[0]!.reasons.join('\n')).toMatch(/orderId/);
  });

  it("fails the consumer's own test when its handler rejects a message the contract allows, and writes no pact", async () => {
    const dir = join(directory, 'rejected');
    const pact = consumerPact({ consumer: 'OrderMailer', provider: 'OrderService', dir });
    const strictHandler = (content: unknown) => {
      const order = OrderCreated.parse(content);
      if (order.total > 10) throw new Error(`orders over 10 are not confirmed by mail (${order.total})`);
    };
    await expect(
      addMessageInteraction(pact, {
        description: 'an OrderCreated event',
        content: {
          schema: OrderCreated,
          example: { orderId: 7, customer: { name: 'Ann', email: 'ann@example.com' }, total: 42.5 },
        },
      }).executeTest(async (message) => strictHandler(message.content)),
    ).rejects.toThrow('orders over 10 are not confirmed by mail (42.5)');
    expect(() => readdirSync(dir)).toThrow();
  });
});
