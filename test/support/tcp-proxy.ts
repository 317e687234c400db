import { createConnection, createServer, type Socket } from 'node:net';

/** What a cut proxy does with a connection it accepts: close it at once, or hold it and never answer. */
export type NewConnections = 'reset' | 'hang';

export type TcpProxy = {
  /** The loopback port clients connect to. */
  port: number;
  /** Connections accepted since the start, forwarded or not. */
  acceptedConnections: () => number;
  /**
   * The database goes away: every forwarded connection is reset on both sides, and until
   * `restore` each new one is reset at once (`reset`, a server that is down) or accepted and
   * never answered (`hang`, a network that drops packets).
   */
  cut: (newConnections?: NewConnections) => void;
  /**
   * Cuts (as `cut`) the moment a client next sends anything on a forwarded connection: the
   * first statement of the next request is in flight, on a connection checked out of the
   * pool, and never reaches the server.
   */
  cutOnNextQuery: (newConnections?: NewConnections) => void;
  /** Forwards new connections again; the held ones are closed. */
  restore: () => void;
  close: () => Promise<void>;
};

/**
 * A TCP proxy on 127.0.0.1:0 in front of a server (PostgreSQL on 127.0.0.1:5432 by default),
 * so a test can take the database away from a broker process and give it back without
 * touching the machine's server.
 */
export async function startTcpProxy(target: { host?: string; port?: number } = {}): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const port = target.port ?? 5432;
  const forwarded = new Set<{ client: Socket; upstream: Socket }>();
  const held = new Set<Socket>();
  let cutMode: NewConnections | undefined;
  let armed: NewConnections | undefined;
  let accepted = 0;

  const dropForwarded = () => {
    for (const { client, upstream } of forwarded) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    forwarded.clear();
  };
  const releaseHeld = () => {
    for (const socket of held) socket.destroy();
    held.clear();
  };
  const cut = (newConnections: NewConnections) => {
    armed = undefined;
    cutMode = newConnections;
    dropForwarded();
  };

  const server = createServer((client) => {
    accepted++;
    client.on('error', () => undefined);
    if (cutMode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (cutMode === 'hang') {
      held.add(client);
      client.on('close', () => held.delete(client));
      client.resume(); // read and discard whatever comes, never answer
      return;
    }
    const upstream = createConnection({ host, port });
    const pair = { client, upstream };
    forwarded.add(pair);
    const close = () => {
      forwarded.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.on('data', (chunk) => {
      if (armed !== undefined) cut(armed);
      else upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy is not listening on a TCP port');

  return {
    port: address.port,
    acceptedConnections: () => accepted,
    cut: (newConnections = 'reset') => cut(newConnections),
    cutOnNextQuery: (newConnections = 'reset') => {
      armed = newConnections;
    },
    restore: () => {
      cutMode = undefined;
      armed = undefined;
      releaseHeld();
    },
    close: async () => {
      dropForwarded();
      releaseHeld();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
