import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process';
import { testDialects } from '../support/databases';
import { HttpLoad, totalOf } from '../support/http-load';
import { auditLedger } from '../support/ledger-audit';
import { type LoadKind, runMixedLoad } from '../support/mixed-load';
import { createPostgresDatabase } from '../support/postgres';
import { startRoundRobinProxy } from '../support/round-robin-proxy';

/**
 * Scale-out as an operator runs it: three broker processes on one PostgreSQL database behind a
 * round-robin proxy, under the mixed publish, verify and deployment load of fifty clients
 * (mixed-load.ts) with can-i-deploy questions among them. Every acknowledged write must then be
 * readable on every instance, asked directly, with nothing duplicated and no 5xx anywhere.
 */
const withPostgres = testDialects().includes('postgres') ? describe : describe.skip;

withPostgres('three broker processes behind a round-robin proxy', () => {
  it('keep every acknowledged write, visible on each instance, with no duplicate and no 5xx', async () => {
    const database = await createPostgresDatabase();
    const brokers: BrokerProcess[] = [];
    try {
      for (let index = 0; index < 3; index++)
        brokers.push(await startBrokerProcess({ databaseUrl: database.url, args: ['--log-level', 'warn'] }));
      const proxy = await startRoundRobinProxy(brokers.map((broker) => broker.url));
      try {
        const load = new HttpLoad<LoadKind | 'can-i-deploy'>([proxy.url]);
        let loading = true;
        // pipelines asking can-i-deploy while the others publish, verify and deploy
        const askers = Array.from({ length: 5 }, async (_, asker) => {
          for (let round = 0; loading; round++) {
            await load.send('can-i-deploy', {
              method: 'GET',
              path: `/matrix?q[][pacticipant]=Gateway&q[][version]=${encodeURIComponent(`gw-${(asker + round) % 5}`)}&latestby=cvpv&environment=production`,
              expect: [200, 400],
            });
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        });
        const ledger = await runMixedLoad(load);
        loading = false;
        await Promise.all(askers);
        const audits = await Promise.all(brokers.map((broker) => auditLedger(broker.url, ledger)));
        const total = totalOf(Object.values(load.figures));
        const figures = {
          instances: 3,
          connectionsPerInstance: proxy.connectionsPerTarget(),
          byKind: load.figures,
          serverErrors: total.serverErrors,
          timeouts: total.timeouts,
          lost: audits.flatMap((audit) => audit.lost).length,
          duplicated: audits.flatMap((audit) => audit.duplicated).length,
        };
        mkdirSync(join(__dirname, '../../test-results/reliability'), { recursive: true });
        writeFileSync(
          join(__dirname, '../../test-results/reliability/scale-out-three-instances.json'),
          `${JSON.stringify(figures, null, 2)}\n`,
        );
        expect(load.failures).toEqual([]);
        expect(total.serverErrors).toBe(0);
        for (const audit of audits) expect(audit).toEqual({ lost: [], duplicated: [], unexpected: [] });
        expect(proxy.connectionsPerTarget().every((count) => count > 0)).toBe(true);
        expect(brokers.map((broker) => broker.output()).join('\n')).not.toContain('unexpected error');
      } finally {
        await proxy.close();
      }
    } finally {
      for (const broker of brokers) await broker.stop();
      await database.drop();
    }
  });
});
