/**
 * Deployed and released versions are one record, a version placed in an environment, kept in
 * two tables as the Pact Broker keeps them, and told apart by what ends the placement: an
 * undeployment, or the end of support. Every store, route and HAL builder reads this table for
 * the differences, so a placement kind is described once.
 */
export const PLACEMENT_KINDS = ['deployed', 'released'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

export const PLACEMENTS = {
  deployed: {
    table: 'deployed_versions',
    /** Current while null. */
    endedAt: 'undeployed_at',
    /** The path word of its resources: /deployed-versions/{uuid}, .../deployed-versions/environment/{uuid}. */
    resource: 'deployed-versions',
    /** Its key in lists: `_embedded.deployedVersions`. */
    embedded: 'deployedVersions',
    title: 'Deployed version',
    /** The version resource's links to where the version is placed, and to record a placement. */
    placedLink: 'pb:deployed-environments',
    recordLink: 'pb:record-deployment',
    recordTitle: 'Record deployment to',
    /** The environment's list of current placements: /environments/{uuid}/deployed-versions/currently-deployed. */
    currentList: 'currently-deployed',
    currentListTitle: 'Versions currently deployed to',
  },
  released: {
    table: 'released_versions',
    endedAt: 'support_ended_at',
    resource: 'released-versions',
    embedded: 'releasedVersions',
    title: 'Released version',
    placedLink: 'pb:released-environments',
    recordLink: 'pb:record-release',
    recordTitle: 'Record release to',
    currentList: 'currently-supported',
    currentListTitle: 'Versions supported in',
  },
} as const;

export type Placement = (typeof PLACEMENTS)[PlacementKind];
