import { z } from 'zod';

/** Longest name or version number the broker stores; git SHAs and semver builds fit easily. */
export const MAX_NAME_LENGTH = 255;

/**
 * Text the broker stores or looks up. PostgreSQL cannot hold U+0000 in text (SQLite can), so a
 * NUL is refused on both databases alike, with a 400 that names the field rather than a 500.
 */
export const storableText = (what: string) => z.string().refine(withoutNul, nulRefusal(what));
export const withoutNul = (value: string) => !value.includes('\u0000');
export const nulRefusal = (what: string) => `${what} must not contain a NUL character (\\u0000)`;

/** A single-line, non-blank name of bounded length, as every Pact Broker identifier must be. */
function identifier(what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) })
    .refine((value) => value.trim().length > 0, `${what} must not be blank`)
    .refine(withoutNul, nulRefusal(what))
    .refine((value) => !/[\r\n]/.test(value), `${what} must be a single line`)
    .superRefine((value, context) => {
      if (value.length > MAX_NAME_LENGTH) {
        context.addIssue({
          code: 'custom',
          message: `${what} must be at most ${MAX_NAME_LENGTH} characters (this one has ${value.length})`,
        });
      }
    });
}

/**
 * Pacticipant names appear as one path segment in every URL. The pact-broker CLI pastes
 * names into its fixed paths (record-deployment, create-version-tag) without encoding "/",
 * and many proxies decode %2F, so a "/" would split the path: it is ruled out. Spaces,
 * unicode and HTML characters are fine (percent-encoded in links, escaped in pages).
 */
export const pacticipantName = identifier('the pacticipant name').refine(
  (value) => !value.includes('/'),
  'the pacticipant name must not contain "/": it is used as a URL path segment (try "-" instead)',
);
export const versionNumber = identifier('the version number');
/** Branch names keep their slashes (feature/x); they travel percent-encoded. */
export const branchName = identifier('the branch name');
export const tagName = identifier('the tag name');
/** Labels group pacticipants (a team, a domain); webhooks and token scopes select by them. */
export const labelName = identifier('the label name').refine(
  (value) => !value.includes('/'),
  'the label name must not contain "/": it is used as a URL path segment',
);

/** A pact version sha: the hex sha1 of a pact's content (contracts/pact-version-sha.ts). */
export const pactVersionSha = z.string().regex(/^[0-9a-f]{40}$/, 'a pact version sha is 40 lowercase hex characters');

/** The opaque metadata segment of a pact URL (contracts/broker-api/pact-metadata.ts): base64url only. */
export const pactMetadataSegment = z.string().regex(/^[A-Za-z0-9_-]+$/, 'the metadata segment is unpadded base64url');
