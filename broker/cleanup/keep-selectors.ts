import { z } from 'zod';

/**
 * Which versions retention keeps, in the Pact Broker's terms (its clean task's "keep version
 * selectors"), so a team's settings carry over. Each selector picks versions; every version
 * some selector picks is kept, and everything else may go. Within a selector the filters
 * (pacticipant, branch, tag, environment, age) narrow first, and `latest` then takes the
 * newest N of each branch, of each tag, or of each pacticipant.
 */
const keepSelectorShape = z
  .object({
    pacticipant: z.string().trim().min(1).optional(),
    /** the pacticipant's main branch */
    mainBranch: z.literal(true).optional(),
    /** a branch by name, or `true`: every branch (each counted on its own for `latest`) */
    branch: z.union([z.string().trim().min(1), z.literal(true)]).optional(),
    /** a tag by name, or `true`: every tag */
    tag: z.union([z.string().trim().min(1), z.literal(true)]).optional(),
    /** the newest version (`true`) or newest N */
    latest: z.union([z.literal(true), z.number().int().min(1).max(100_000)]).optional(),
    /** currently deployed (to `environment`, or anywhere) */
    deployed: z.literal(true).optional(),
    /** currently released and supported (in `environment`, or anywhere) */
    released: z.literal(true).optional(),
    deployedOrReleased: z.literal(true).optional(),
    environment: z.string().trim().min(1).optional(),
    /** created within this many days */
    maxAge: z.number().int().min(0).max(36_500).optional(),
  })
  .strict();

export type KeepSelector = z.infer<typeof keepSelectorShape>;

/** The Pact Broker's names (snake_case, `environment_name`, `pacticipant_name`) read as ours. */
const PACT_BROKER_NAMES: Record<string, string> = {
  main_branch: 'mainBranch',
  max_age: 'maxAge',
  deployed_or_released: 'deployedOrReleased',
  environment_name: 'environment',
  pacticipant_name: 'pacticipant',
};

export const keepSelector = z
  .record(z.string(), z.unknown())
  .transform((given) =>
    Object.fromEntries(Object.entries(given).map(([key, value]) => [PACT_BROKER_NAMES[key] ?? key, value])),
  )
  .pipe(keepSelectorShape)
  .refine((selector) => Object.keys(selector).length > 0, 'an empty keep selector would keep nothing: say what to keep')
  .refine((selector) => !(selector.mainBranch && selector.branch !== undefined), 'give mainBranch or branch, not both')
  .refine(
    (selector) => [selector.mainBranch, selector.branch, selector.tag].filter((set) => set !== undefined).length <= 1,
    'a selector keeps by one of mainBranch, branch or tag: give each its own selector',
  );

export const keepSelectors = z.array(keepSelector).min(1, 'give at least one keep selector');

/**
 * The Pact Broker's defaults: the latest version of each branch, of each tag and of each
 * pacticipant, whatever is deployed or released, and everything from the last 90 days.
 */
export const DEFAULT_KEEP_SELECTORS: KeepSelector[] = [
  { branch: true, latest: true },
  { tag: true, latest: true },
  { latest: true },
  { deployed: true },
  { released: true },
  { maxAge: 90 },
];

/**
 * What is deployed or released is always kept, whatever was asked, as the Pact Broker does:
 * deleting it would leave can-i-deploy blind to what runs. Answers the selectors to use.
 */
export function withWhatRuns(selectors: KeepSelector[]): KeepSelector[] {
  const keepsAll = (field: 'deployed' | 'released') =>
    selectors.some(
      (selector) =>
        (selector[field] || selector.deployedOrReleased) &&
        Object.keys(selector).every((key) => key === field || key === 'deployedOrReleased'),
    );
  return [
    ...selectors,
    ...(keepsAll('deployed') ? [] : [{ deployed: true as const }]),
    ...(keepsAll('released') ? [] : [{ released: true as const }]),
  ];
}

/** A selector in words, for the dry run and the log. */
export function describeKeepSelector(selector: KeepSelector): string {
  const count = selector.latest === true ? 1 : selector.latest;
  const newest = count === undefined ? '' : count === 1 ? 'the latest version' : `the latest ${count} versions`;
  const what = selector.mainBranch
    ? `${newest || 'every version'} of the main branch`
    : selector.branch === true
      ? `${newest || 'every version'} of each branch`
      : selector.branch
        ? `${newest || 'every version'} of branch "${selector.branch}"`
        : selector.tag === true
          ? `${newest || 'every version'} with each tag`
          : selector.tag
            ? `${newest || 'every version'} tagged "${selector.tag}"`
            : newest
              ? `${newest} of each pacticipant`
              : 'versions';
  const where = selector.environment ? ` in ${selector.environment}` : '';
  const running = selector.deployedOrReleased
    ? ` deployed or released${where}`
    : selector.deployed
      ? ` currently deployed${where}`
      : selector.released
        ? ` released and supported${where}`
        : where;
  const age = selector.maxAge === undefined ? '' : ` created within ${selector.maxAge} days`;
  const of = selector.pacticipant ? ` (${selector.pacticipant} only)` : '';
  return `${what}${running}${age}${of}`;
}

/**
 * Keep selectors from JSON texts (flags or the Pact Broker's variable), each an array of
 * selectors or one selector; throws with a message naming the selector and what is wrong.
 */
export function keepSelectorsFromJson(texts: string[]): KeepSelector[] {
  const given = texts.flatMap((text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`keep selectors must be JSON, such as '[{"mainBranch": true, "latest": 10}]', not ${text}`);
    }
    return Array.isArray(parsed) ? parsed : [parsed];
  });
  const result = keepSelectors.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [index, field] = issue.path;
  const which = typeof index === 'number' ? `keep selector ${JSON.stringify(given[index])}` : 'keep selectors';
  const at = field === undefined ? '' : ` (${String(field)})`;
  throw new Error(`${which}${at}: ${issue.message}`);
}
