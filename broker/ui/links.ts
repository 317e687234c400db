import type { FastifyRequest } from 'fastify';
import { integrationUrl } from '../pacts/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { segment } from '../http/hal';
import { html, type Html } from './html';

/**
 * Links in pages are paths under the broker's base path: PACT_BROKER_BASE_URL may carry a
 * prefix (a broker behind a proxy at /broker), and a path works whatever host the browser
 * used. The API's URL builders take this prefix as their base.
 */
export function basePathOf(request: FastifyRequest): string {
  const configured = request.server.config.baseUrl;
  return configured ? new URL(configured).pathname.replace(/\/+$/, '') : '';
}

const query = (parameters: Record<string, string | undefined>) => {
  const defined = Object.entries(parameters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
};

export const canIDeployPageUrl = (
  basePath: string,
  question: { pacticipant?: string; version?: string; environment?: string },
) => `${basePath}/ui/can-i-deploy${query(question)}`;

/** "Can P V be deployed to E?" for each environment, as list items linking to the answer. */
export function deployQuestionItems(
  basePath: string,
  environmentNames: string[],
  pacticipant: string,
  version: string,
): Html[] {
  return environmentNames.map((environment) => {
    const href = canIDeployPageUrl(basePath, { pacticipant, version, environment });
    return html`<li><a href="${href}">Can ${pacticipant} ${version} be deployed to ${environment}?</a></li>`;
  });
}

export const overviewPageUrl = (basePath: string, filters: Record<string, string | undefined> = {}) =>
  `${basePath}/${query(filters)}`;

/** The matrix of one integration, in the Rack-style query the API reads (matrix/query.ts). */
export function integrationMatrixUrl(
  basePath: string,
  consumerName: string,
  providerName: string,
  options: Record<string, string> = {},
): string {
  const parameters = new URLSearchParams([
    ['q[][pacticipant]', consumerName],
    ['q[][pacticipant]', providerName],
    ['latestby', 'cvpv'],
    ...Object.entries(options),
  ]);
  return `${basePath}/matrix?${parameters.toString()}`;
}

export const pactBadgeUrl = (basePath: string, providerName: string, consumerName: string) =>
  `${integrationUrl(basePath, providerName, consumerName)}/latest/badge`;

export const canIDeployBadgeUrl = (
  basePath: string,
  pacticipantName: string,
  branchName: string,
  environmentName: string,
) =>
  `${pacticipantUrl(basePath, pacticipantName)}/branches/${segment(branchName)}/latest-version/can-i-deploy/to-environment/${segment(environmentName)}/badge`;
