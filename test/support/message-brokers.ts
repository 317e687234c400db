import { Socket } from 'node:net';

/** The message brokers the capture tests publish to: RabbitMQ and NATS on this machine, or where these say. */
export const AMQP_URL = process.env.TREATY_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const NATS_URL = process.env.TREATY_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Whether something answers a TCP connection at the URL's host and port, within a second. */
export function listening(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || defaultPort), hostname, () => done(true));
  });
}

/** Whether the message broker suites run (decided once in global-setup, like PostgreSQL's). */
export const messageBrokersAvailable = () => process.env.TREATY_TEST_MESSAGE_BROKERS !== 'unavailable';
