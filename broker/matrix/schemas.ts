import { z } from 'zod';
import { branchName, pacticipantName, tagName, versionNumber, storableText } from '../../contracts/broker-api/names';
import type { RawMatrixQuery } from './query';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Which versions of a pacticipant a `q[]` selector names. */
export const versionSelector = z
  .object({
    pacticipant: pacticipantName,
    version: versionNumber.optional(),
    latest: flag.optional(),
    tag: tagName.optional(),
    branch: branchName.optional(),
    mainBranch: flag.optional(),
    environment: storableText('the environment name').min(1).optional(),
  })
  .superRefine((selector, context) => {
    if (selector.version !== undefined && selector.latest) {
      context.addIssue({
        code: 'custom',
        message: `cannot use both a version and latest for ${selector.pacticipant}: give one`,
      });
    }
    if (selector.tag !== undefined && selector.branch !== undefined) {
      context.addIssue({ code: 'custom', message: `cannot select ${selector.pacticipant} by both tag and branch` });
    }
  });
export type VersionSelector = z.infer<typeof versionSelector>;

const ignoreSelector = z.object({ pacticipant: pacticipantName, version: versionNumber.optional() });
export type IgnoreSelector = z.infer<typeof ignoreSelector>;

/** Where the version is going: what its counterparts are checked against. */
export type Target =
  | { kind: 'environment'; environment: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'mainBranch' }
  | { kind: 'latest' }
  | { kind: 'none' };

export type LatestBy = 'consumerVersionAndProviderVersion' | 'consumerVersionAndProvider';
/** The wire's abbreviations of latestby, read once here. */
const LATEST_BY: Record<'cvpv' | 'cvp', LatestBy> = {
  cvpv: 'consumerVersionAndProviderVersion',
  cvp: 'consumerVersionAndProvider',
};

export type MatrixQuery = {
  selectors: VersionSelector[];
  target: Target;
  /** `latestby`: the latest row per consumer version and provider version (cvpv), or per consumer version and provider (cvp). */
  latestBy: LatestBy | undefined;
  ignore: IgnoreSelector[];
  /** `success[]`: only rows with one of these verification outcomes (null: not verified). */
  success: (boolean | null)[] | undefined;
  limit: number;
};

/** `success[]=true`, `false`, or empty for rows nobody verified, as the Pact Broker reads them. */
const verificationOutcome = z
  .enum(['true', 'false', ''], { error: 'success[] must be true, false, or empty for rows not verified yet' })
  .transform((value) => (value === '' ? null : value === 'true'));

const options = z.object({
  latestby: z.enum(['cvpv', 'cvp'], { error: 'latestby must be cvpv or cvp' }).optional(),
  environment: storableText('the environment name').min(1).optional(),
  tag: tagName.optional(),
  to: tagName.optional(),
  mainBranch: flag.optional(),
  latest: flag.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export const matrixQuery = z
  .object({
    q: z.array(versionSelector).min(1, 'give at least one selector: q[][pacticipant]=NAME&q[][version]=VERSION'),
    ignore: z.array(ignoreSelector),
    success: z.array(verificationOutcome),
    options: options.loose(),
  })
  .transform((raw): MatrixQuery => {
    const tag = raw.options.tag ?? raw.options.to;
    const target: Target = raw.options.environment
      ? { kind: 'environment', environment: raw.options.environment }
      : tag
        ? { kind: 'tag', tag }
        : raw.options.mainBranch
          ? { kind: 'mainBranch' }
          : raw.options.latest && raw.q.length === 1
            ? { kind: 'latest' }
            : { kind: 'none' };
    const success = raw.success.length > 0 ? raw.success : undefined;
    return {
      selectors: raw.q,
      target,
      latestBy: raw.options.latestby && LATEST_BY[raw.options.latestby],
      ignore: raw.ignore,
      success,
      limit: raw.options.limit,
    };
  });

export function parseMatrixQuery(raw: RawMatrixQuery): MatrixQuery {
  return matrixQuery.parse(raw);
}

/** `/can-i-deploy?pacticipant=&version=&environment=|to=`: the older, simpler form. */
export const canIDeployQuery = z.object({
  pacticipant: pacticipantName,
  version: versionNumber.optional(),
  environment: storableText('the environment name').min(1).optional(),
  to: tagName.optional(),
  latest: flag.optional(),
});
