import { pacticipantUrl } from '../pacticipants/hal';
import type { NameUse, UsageListing, UsedBy } from '../usage/listing';
import { html, type Html, raw, tableHead } from './html';

/** A field of a body as a tree node: its JSON path, the label shown, and who uses it or anything inside it. */
export type FieldNode = {
  path: string;
  label: string;
  depth: number;
  matchers: string[];
  usedBy: UsedBy;
  freeToRemove: boolean;
};

const SEGMENT = /\.([A-Za-z_$][\w$]*)|\['((?:[^'\\]|\\.)*)'\]|\[\*\]/g;

type Building = {
  path: string;
  label: string;
  matchers: string[];
  uses: UsedBy[];
  free: boolean;
  children: Map<string, Building>;
};

/**
 * Body fields (leaves, as JSON paths) as a tree, each parent before its children and children in
 * the order first met: each parent is a row of its own, used by whoever uses anything inside it,
 * and free to remove only when all of it is. An array's `[*]` stays with its name: `$.items[*].sku`
 * is `items[]` holding `sku`.
 */
export function fieldTree(fields: NameUse[]): FieldNode[] {
  const root = new Map<string, Building>();
  for (const field of fields) {
    const parts: { path: string; label: string }[] = [];
    let path = '$';
    for (const match of field.name.slice(1).matchAll(SEGMENT)) {
      path += match[0];
      if (match[0] === '[*]' && parts.length > 0) parts[parts.length - 1] = { path, label: `${parts.at(-1)!.label}[]` };
      else parts.push({ path, label: match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? '[]' });
    }
    let level = root;
    parts.forEach((part, depth) => {
      let node = level.get(part.path);
      if (!node) level.set(part.path, (node = { ...part, matchers: [], uses: [], free: true, children: new Map() }));
      node.uses.push(field.usedBy);
      node.free &&= field.freeToRemove;
      if (depth === parts.length - 1) node.matchers = field.matchers;
      level = node.children;
    });
  }
  const rows: FieldNode[] = [];
  const walk = (level: Map<string, Building>, depth: number) => {
    for (const node of level.values()) {
      rows.push({
        path: node.path,
        label: node.label,
        depth,
        matchers: node.matchers,
        usedBy: mergeUses(node.uses),
        freeToRemove: node.free,
      });
      walk(node.children, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}

/** Who uses anything inside a parent: each consumer in the first list any child puts it in. */
function mergeUses(uses: UsedBy[]): UsedBy {
  const seen = new Set<string>();
  const take = (names: string[]) => {
    const taken = [...new Set(names)].filter((name) => !seen.has(name)).sort((a, b) => a.localeCompare(b));
    for (const name of taken) seen.add(name);
    return taken;
  };
  return {
    inProduction: take(uses.flatMap((use) => use.inProduction)),
    counted: take(uses.flatMap((use) => use.counted)),
    notCounted: take(uses.flatMap((use) => use.notCounted)),
  };
}

type UseKind = 'production' | 'counted' | 'uncounted';
const KINDS: { kind: UseKind; list: keyof UsedBy; words: string }[] = [
  { kind: 'production', list: 'inProduction', words: 'in production' },
  { kind: 'counted', list: 'counted', words: 'counted' },
  { kind: 'uncounted', list: 'notCounted', words: 'not counted' },
];

/** A consumer, coloured by whether it runs in production, is counted, or is only read from a branch head. */
function consumerChip(consumer: string, kind: (typeof KINDS)[number], basePath: string): Html {
  return html`<a class="use ${kind.kind}" href="${pacticipantUrl(basePath, consumer)}" title="${consumer}: ${kind.words}">${consumer}${kind.kind === 'production' ? html` <small>production</small>` : ''}</a>`;
}

const freeMark = html`<span class="tag free">free to remove</span>`;

/** More consumers than this are counted by kind, their names listed beneath: 50 chips on each of 200 fields is a page no one reads. */
const CHIPS_AT_MOST = 6;

function usedByCell(usedBy: UsedBy, free: boolean, basePath: string): Html {
  const free_ = free ? html` ${freeMark}` : '';
  const kinds = KINDS.map((kind) => ({ ...kind, names: usedBy[kind.list] })).filter((kind) => kind.names.length > 0);
  if (kinds.reduce((sum, kind) => sum + kind.names.length, 0) <= CHIPS_AT_MOST)
    return html`${kinds.flatMap((kind) => kind.names.map((name) => consumerChip(name, kind, basePath)))}${free_}`;
  return html`<details><summary>${kinds.map(
    (kind) => html`<span class="use ${kind.kind}">${kind.names.length} ${kind.words}</span>`,
  )}${free_}</summary>${kinds.map((kind) => html`<p><b>${kind.words}:</b> ${kind.names.join(', ')}</p>`)}</details>`;
}

function nameRows(part: string, uses: NameUse[], basePath: string, tree: boolean): Html[] {
  const rows = tree ? fieldTree(uses) : uses.map((use) => ({ ...use, path: use.name, label: use.name, depth: 0 }));
  return rows.map(
    (row, index) =>
      html`<tr class="${row.freeToRemove ? 'free' : ''}" data-field="${row.path}"><td>${index === 0 ? part : ''}</td><td><code style="padding-left:${row.depth * 16}px" title="${row.path}">${row.label}</code></td><td>${row.matchers.join(', ')}</td><td>${usedByCell(row.usedBy, row.freeToRemove, basePath)}</td></tr>`,
  );
}

const FIELD_COLUMNS = ['Part', 'Name or field', 'Matchers', 'Used by'];

function fieldsTable(parts: [string, NameUse[], boolean][], basePath: string): Html {
  const rows = parts.flatMap(([part, uses, tree]) => nameRows(part, uses, basePath, tree));
  return rows.length === 0
    ? html`<p class="muted">Nothing but the operation itself.</p>`
    : html`<table class="usage">${tableHead(FIELD_COLUMNS)}<tbody>${rows}</tbody></table>`;
}

export type UsagePageInput = {
  basePath: string;
  listing: UsageListing;
  environmentNames: string[];
  /** The target asked for, for the links between targets. */
  target: { environment?: string | undefined; all: boolean };
};

function targetLinks({ basePath, listing, environmentNames, target }: UsagePageInput): Html {
  const self = `${pacticipantUrl(basePath, listing.provider)}/usage`;
  const choices = [
    { label: 'deployed, released or main-branch head', href: self, current: !target.all && !target.environment },
    ...environmentNames.map((name) => ({
      label: `in ${name}`,
      href: `${self}?environment=${encodeURIComponent(name)}`,
      current: target.environment === name,
    })),
    { label: 'every version', href: `${self}?all=true`, current: target.all },
  ];
  return html`<p class="targets">Count the consumer versions ${choices.map(
    (choice) =>
      html`<a href="${choice.href}"${choice.current ? raw(' aria-current="true" class="current"') : ''}>${choice.label}</a> `,
  )}</p>`;
}

/** A counted version in words: its number, branches and where it runs. */
const versionInWords = (version: UsageListing['consumerVersions'][number]) =>
  [
    version.version,
    ...version.branches,
    ...version.deployedTo.map((name) => `deployed to ${name}`),
    ...version.releasedIn.map((name) => `released in ${name}`),
  ].join(', ');

/** The versions read, a row per consumer: the counted ones in words, the others by number (a hub's consumers have a thousand). */
function versionsSection(listing: UsageListing): Html {
  const uncounted = listing.consumerVersions.length - listing.considered.consumerVersions;
  const byConsumer = new Map<string, UsageListing['consumerVersions']>();
  for (const version of listing.consumerVersions)
    byConsumer.set(version.consumer, [...(byConsumer.get(version.consumer) ?? []), version]);
  const rows = [...byConsumer].map(([consumer, versions]) => {
    const counted = versions.filter((version) => version.considered);
    const others = versions.filter((version) => !version.considered);
    return html`<tr><td>${consumer}</td><td>${counted.map((version) => html`<span class="tag">${versionInWords(version)}</span> `)}</td><td class="muted">${others.map((version) => version.version).join(', ')}</td></tr>`;
  });
  return html`<details><summary>${listing.considered.consumerVersions} consumer version(s) counted (${listing.considered.target})${uncounted > 0 ? `, ${uncounted} more read but not counted` : ''}</summary>
<table>${tableHead(['Consumer', 'Counted versions', 'Read, not counted (branch and tag heads)'])}<tbody>${rows}</tbody></table></details>`;
}

const LEGEND = html`<p class="legend">Used by: <span class="use production">in production</span> <span class="use counted">counted</span> <span class="use uncounted">read from a branch head, not counted</span> ${freeMark} when no counted version uses it.</p>`;

/**
 * A provider's API as its consumers use it: each operation and message, its parameters,
 * headers and body fields as a tree, beside each the consumers that use it, coloured by
 * whether one of them is in production, and what no counted version uses marked free to remove.
 */
export function usageBody(input: UsagePageInput): Html {
  const { listing, basePath } = input;
  const operations = listing.operations.map(
    (operation) => html`<section class="operation">
<h3><code>${operation.method} ${operation.path}</code>${operation.statuses.length > 0 ? html` <small class="muted">answers ${operation.statuses.join(', ')}</small>` : ''}</h3>
${
  operation.interactions === 0
    ? html`<p class="muted">In the OpenAPI document; no consumer calls it. ${freeMark}</p>`
    : html`<p>${usedByCell(operation.usedBy, false, basePath)}</p>
<p class="muted">${operation.interactions} interaction(s) on ${operation.concretePaths} path(s): ${operation.examplePaths.map((path) => html`<code>${path}</code> `)}${operation.concretePaths > operation.examplePaths.length ? '…' : ''}</p>`
}
${fieldsTable(
  [
    ['Query parameter', operation.queryParameters, false],
    ['Request header', operation.requestHeaders, false],
    ['Request body', operation.requestFields, true],
    ['Response header', operation.responseHeaders, false],
    ['Response body', operation.responseFields, true],
  ],
  basePath,
)}</section>`,
  );
  const messages = listing.messages.map(
    (message) => html`<section class="operation">
<h3>${message.description}</h3><p>${usedByCell(message.usedBy, false, basePath)}</p>
${fieldsTable(
  [
    ['Request', message.requestFields, true],
    ['Metadata', message.metadataKeys, false],
    ['Contents', message.fields, true],
  ],
  basePath,
)}</section>`,
  );
  const empty = listing.operations.length === 0 && listing.messages.length === 0;
  return html`<h1>How consumers use <a href="${pacticipantUrl(basePath, listing.provider)}">${listing.provider}</a></h1>
${targetLinks(input)}
${listing.providerContract ? html`<p class="muted">With what the OpenAPI document of ${listing.provider} (version ${listing.providerContract.providerVersion}) offers: what no consumer uses is free to remove.</p>` : ''}
${versionsSection(listing)}
${LEGEND}
${empty ? html`<p class="muted">No consumer has a pact with ${listing.provider} yet.</p>` : ''}
${listing.operations.length > 0 ? html`<h2>Operations (${listing.operations.length})</h2>${operations}` : ''}
${listing.messages.length > 0 ? html`<h2>Messages (${listing.messages.length})</h2>${messages}` : ''}`;
}
