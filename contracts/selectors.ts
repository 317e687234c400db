import { z } from 'zod';
import { storableText } from './broker-api/names';

/**
 * Consumer version selectors: how a provider's verification job picks the pacts to verify.
 * The wire form is the Pact Broker's (a bag of optional fields); `Selector` is the same
 * thing as a union with a `kind`, so every place that handles selectors handles each kind.
 */
const text = (what: string) =>
  storableText(what).refine((value) => value.trim().length > 0, `${what} must not be blank`);

export const wireSelector = z.strictObject(
  {
    mainBranch: z.boolean().optional(),
    branch: text('branch').optional(),
    fallbackBranch: text('fallbackBranch').optional(),
    matchingBranch: z.boolean().optional(),
    tag: text('tag').optional(),
    fallbackTag: text('fallbackTag').optional(),
    latest: z.boolean().optional(),
    deployed: z.boolean().optional(),
    released: z.boolean().optional(),
    deployedOrReleased: z.boolean().optional(),
    environment: text('environment').optional(),
    consumer: text('consumer').optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown selector field(s): ${issue.keys.join(', ')}` : undefined,
  },
);
export type WireSelector = z.infer<typeof wireSelector>;

type Scope = { consumer?: string };
export type Selector =
  | ({ kind: 'mainBranch' } & Scope)
  | ({ kind: 'branch'; branch: string; fallbackBranch?: string } & Scope)
  | ({ kind: 'matchingBranch' } & Scope)
  | ({ kind: 'latestWithTag'; tag: string; fallbackTag?: string } & Scope)
  | ({ kind: 'allWithTag'; tag: string } & Scope)
  | ({ kind: 'latest' } & Scope)
  | ({ kind: 'deployed'; environment?: string } & Scope)
  | ({ kind: 'released'; environment?: string } & Scope)
  | ({ kind: 'deployedOrReleased'; environment: string } & Scope);

export type SelectorKind = Selector['kind'];

const BRANCH_KEYS = [
  'latest',
  'tag',
  'fallbackTag',
  'branch',
  'fallbackBranch',
  'matchingBranch',
  'mainBranch',
] as const;
const ENVIRONMENT_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;

/** The Pact Broker's rules for which selector fields go together; each broken rule is one message. */
export function selectorProblems(selector: WireSelector): string[] {
  const present = (key: keyof WireSelector) => selector[key] !== undefined && selector[key] !== false;
  const problems: string[] = [];
  const selecting = [
    'mainBranch',
    'tag',
    'branch',
    'environment',
    'matchingBranch',
    'deployed',
    'released',
    'deployedOrReleased',
  ] as const;
  if (!selecting.some(present) && selector.latest !== true) {
    problems.push(
      'a selector needs one of mainBranch, branch, matchingBranch, tag, environment, deployed, released, deployedOrReleased, or latest: true',
    );
  }
  const others = (allowed: (keyof WireSelector)[]) =>
    (Object.keys(selector) as (keyof WireSelector)[]).filter((key) => present(key) && !allowed.includes(key));
  if (present('mainBranch') && others(['mainBranch', 'consumer', 'latest']).length > 0) {
    problems.push(`mainBranch cannot be combined with ${others(['mainBranch', 'consumer', 'latest']).join(', ')}`);
  }
  if (present('matchingBranch') && others(['matchingBranch', 'consumer']).length > 0) {
    problems.push(`matchingBranch cannot be combined with ${others(['matchingBranch', 'consumer']).join(', ')}`);
  }
  if (present('tag') && present('branch')) problems.push('tag and branch cannot be used together');
  const branchKeys = BRANCH_KEYS.filter(present);
  const environmentKeys = ENVIRONMENT_KEYS.filter(present);
  if (branchKeys.length > 0 && environmentKeys.length > 0) {
    problems.push(`${branchKeys.join(', ')} cannot be combined with ${environmentKeys.join(', ')}`);
  }
  if (present('fallbackTag') && !(present('tag') && selector.latest === true))
    problems.push('fallbackTag needs tag and latest: true');
  if (present('fallbackBranch') && !present('branch')) problems.push('fallbackBranch needs branch');
  if (present('branch') && selector.latest === false)
    problems.push('a branch selector always selects the latest: latest cannot be false');
  const exclusive = (['deployed', 'released', 'deployedOrReleased'] as const).filter(
    (key) => selector[key] !== undefined,
  );
  if (exclusive.length > 1)
    problems.push(`only one of deployed, released and deployedOrReleased may be used (got ${exclusive.join(', ')})`);
  for (const key of exclusive) if (selector[key] === false) problems.push(`${key} can only be true`);
  for (const key of ['mainBranch', 'matchingBranch'] as const)
    if (selector[key] === false) problems.push(`${key} can only be true`);
  return problems;
}

/** A valid wire selector as its kind; `deployedOrReleased` without an environment becomes two selectors. */
export function toSelectors(selector: WireSelector): Selector[] {
  const scope: Scope = selector.consumer === undefined ? {} : { consumer: selector.consumer };
  const environment = selector.environment === undefined ? {} : { environment: selector.environment };
  if (selector.mainBranch) return [{ kind: 'mainBranch', ...scope }];
  if (selector.matchingBranch) return [{ kind: 'matchingBranch', ...scope }];
  if (selector.branch !== undefined) {
    return [
      {
        kind: 'branch',
        branch: selector.branch,
        ...(selector.fallbackBranch ? { fallbackBranch: selector.fallbackBranch } : {}),
        ...scope,
      },
    ];
  }
  if (selector.tag !== undefined) {
    if (selector.latest)
      return [
        {
          kind: 'latestWithTag',
          tag: selector.tag,
          ...(selector.fallbackTag ? { fallbackTag: selector.fallbackTag } : {}),
          ...scope,
        },
      ];
    return [{ kind: 'allWithTag', tag: selector.tag, ...scope }];
  }
  if (selector.deployed) return [{ kind: 'deployed', ...environment, ...scope }];
  if (selector.released) return [{ kind: 'released', ...environment, ...scope }];
  if (selector.deployedOrReleased || selector.environment !== undefined) {
    return selector.environment === undefined
      ? [
          { kind: 'deployed', ...scope },
          { kind: 'released', ...scope },
        ]
      : [{ kind: 'deployedOrReleased', environment: selector.environment, ...scope }];
  }
  return [{ kind: 'latest', ...scope }];
}

/** The environment a selector names, which must exist. */
export function environmentOf(selector: Selector): string | undefined {
  return 'environment' in selector ? selector.environment : undefined;
}
