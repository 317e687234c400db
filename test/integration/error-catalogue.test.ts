import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerError } from '../../broker/http/broker-error';
import { GENERIC_PROBLEM_CODES } from '../../broker/http/problems';
import * as environmentErrors from '../../broker/environments/errors';
import * as matrixErrors from '../../broker/matrix/errors';
import * as pacticipantErrors from '../../broker/pacticipants/errors';
import * as pactsForVerificationErrors from '../../broker/pacts-for-verification/errors';
import * as pactErrors from '../../broker/pacts/errors';
import * as verificationErrors from '../../broker/verifications/errors';
import * as versionErrors from '../../broker/versions/errors';

const catalogue = readFileSync(join(__dirname, '../../docs/errors.md'), 'utf8');
const catalogueCodes = [...catalogue.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map(([, code, status]) => ({ code: code!, status: Number(status) }));

type ErrorClass = new (...args: unknown[]) => BrokerError;
const errorClasses = [environmentErrors, matrixErrors, pacticipantErrors, pactErrors, pactsForVerificationErrors, verificationErrors, versionErrors].flatMap((module) =>
  Object.values(module).filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof BrokerError),
);
// An empty array reads as a blank string and as an empty list, whichever a constructor expects.
const instances = errorClasses.map((ErrorClass) => new ErrorClass([], [], [], [], []));

describe('the error catalogue (docs/errors.md)', () => {
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
