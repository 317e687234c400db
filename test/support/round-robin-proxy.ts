import { createConnection, createServer, type Socket } from 'node:net';

export type RoundRobinProxy = { url: string; connectionsPerTarget: () => number[]; close: () => Promise<void> };

/**
 * A load balancer as small as it gets, on 127.0.0.1:0: each new connection goes to the next
 * broker in turn (keep-alive connections stay with theirs), bytes piped both ways.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const ports = targets.map((target) => Number(new URL(target).port));
  const counts = ports.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;
  const server = createServer((client) => {
    const index = next++ % ports.length;
    counts[index]!++;
    const upstream = createConnection({ host: '127.0.0.1', port: ports[index]! });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connectionsPerTarget: () => [...counts],
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
