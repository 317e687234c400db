import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerError } from '../../broker/http/broker-error';
import { GENERIC_PROBLEM_CODES } from '../../broker/http/problems';

const BROKER = join(__dirname, '../../broker');
// every domain keeps its failures in errors.ts (docs/architecture.md): a new domain's are found without a change here
const domainsWithErrors = readdirSync(BROKER, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(BROKER, entry.name)).includes('errors.ts'))
  .map((entry) => entry.name);

const catalogue = readFileSync(join(__dirname, '../../docs/errors.md'), 'utf8');
const catalogueCodes = [...catalogue.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map(([, code, status]) => ({
  code: code!,
  status: Number(status),
}));

type ErrorClass = new (...args: unknown[]) => BrokerError;
let errorClasses: ErrorClass[] = [];
let instances: BrokerError[] = [];
beforeAll(async () => {
  const modules = await Promise.all(
    domainsWithErrors.map((name) => import(join(BROKER, name, 'errors.ts')) as Promise<Record<string, unknown>>),
  );
  errorClasses = modules.flatMap((module) =>
    Object.values(module).filter(
      (value): value is ErrorClass =>
        typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof BrokerError,
    ),
  );
  // An empty array reads as a blank string and as an empty list, whichever a constructor expects.
  instances = errorClasses.map((ErrorClass) => new ErrorClass([], [], [], [], []));
});

describe('the error catalogue (docs/errors.md)', () => {
  it('finds the error modules of the domains', () => {
    expect(domainsWithErrors).toEqual(
      expect.arrayContaining(['db', 'environments', 'matrix', 'pacticipants', 'pacts', 'versions']),
    );
    expect(errorClasses.length).toBeGreaterThan(20);
  });

  it('lists every error class with its status', () => {
    for (const error of instances) expect(catalogueCodes).toContainEqual({ code: error.code, status: error.status });
  });

  it('has a class or a generic handler for every entry', () => {
    const known = new Set([...instances.map((error) => error.code), ...GENERIC_PROBLEM_CODES]);
    for (const { code } of catalogueCodes) expect(known).toContain(code);
  });

  it('gives every error class a distinct code', () => {
    expect(new Set(instances.map((error) => error.code)).size).toBe(instances.length);
  });
});
