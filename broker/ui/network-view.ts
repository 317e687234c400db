import { pacticipantUrl } from '../pacticipants/hal';
import { consumerVersionPactUrl } from '../pacts/hal';
import { attributes, html, type Html } from './html';
import type { IntegrationRow } from './integration-rows';
import { type IntegrationStatus, STATUS_DISPLAY, statusColour } from './integration-status';
import { layOutNetwork, MAX_NODE_WIDTH, NODE_FONT_SIZE, type NetworkLayout, type PlacedEdge } from './network-layout';
import { fitText } from './text-width';

/** An integration as the diagram draws it: an arrow from consumer to provider, coloured by status, linking to the latest pact. */
export type NetworkEdge = { consumer: string; provider: string; status: IntegrationStatus; pactHref: string };

export function networkEdges(rows: IntegrationRow[], basePath: string): NetworkEdge[] {
  return rows.map(({ publication, status }) => ({
    consumer: publication.consumer_name,
    provider: publication.provider_name,
    status,
    pactHref: consumerVersionPactUrl(
      basePath,
      publication.provider_name,
      publication.consumer_name,
      publication.consumer_version_number,
    ),
  }));
}

const STATUSES = Object.keys(STATUS_DISPLAY) as IntegrationStatus[];

const ARROW = attributes({
  viewBox: '0 0 10 10',
  refX: 10,
  refY: 5,
  markerWidth: 7,
  markerHeight: 7,
  orient: 'auto-start-reverse',
});

function markers(): Html {
  return html`<defs>${STATUSES.map(
    (status) =>
      html`<marker id="arrow-${status}" ${ARROW}><path d="M0,0 L10,5 L0,10 z" fill="${statusColour(status)}"/></marker>`,
  )}</defs>`;
}

const EDGE_LABEL_FONT_SIZE = 11;

/**
 * A failure must be seen without hovering and without telling red from green: a failed arrow
 * carries its status in words at its middle, on a white halo so that it reads over other lines.
 */
function edgeLabel(edge: PlacedEdge<NetworkEdge>): Html {
  if (STATUS_DISPLAY[edge.status].tone !== 'failed') return html``;
  const text = attributes({
    x: edge.middle.x,
    y: edge.middle.y + 4,
    'text-anchor': 'middle',
    'font-size': EDGE_LABEL_FONT_SIZE,
    'font-weight': 'bold',
    fill: statusColour(edge.status),
    stroke: '#fff',
    'stroke-width': 4,
    'paint-order': 'stroke',
  });
  return html`<text class="edge-label" ${text}>✗ ${STATUS_DISPLAY[edge.status].label}</text>`;
}

function renderEdge(edge: PlacedEdge<NetworkEdge>): Html {
  const display = STATUS_DISPLAY[edge.status];
  const line = attributes({ d: edge.path, fill: 'none', stroke: statusColour(edge.status), 'stroke-width': 2 });
  const dashes = edge.backward ? html` stroke-dasharray="5 3"` : '';
  const title = html`<title>${edge.consumer} → ${edge.provider}: ${display.label}</title>`;
  return html`<a href="${edge.pactHref}">${title}<path ${line}${dashes} marker-end="url(#arrow-${edge.status})"/></a>`;
}

/**
 * The diagram as inline SVG: every node links to its pacticipant, every edge to its pact;
 * titles say the rest on hover. Edge labels are drawn after all edges, so no line crosses one.
 */
export function renderNetwork(layout: NetworkLayout<NetworkEdge>, basePath: string): Html {
  const edges = layout.edges.map(renderEdge);
  const labels = layout.edges.map(edgeLabel);
  const nodes = layout.nodes.map(
    (node) =>
      html`<a href="${pacticipantUrl(basePath, node.name)}"><title>${node.name}</title>${nodeBox(node)}${nodeLabel(node)}</a>`,
  );
  const svg = attributes({
    xmlns: 'http://www.w3.org/2000/svg',
    role: 'img',
    'aria-label': 'Integrations between pacticipants',
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    'font-family': 'Verdana, DejaVu Sans, sans-serif',
  });
  return html`<svg ${svg}>${markers()}<g class="edges">${edges}</g><g class="edge-labels">${labels}</g><g class="nodes">${nodes}</g></svg>`;
}

type NetworkNode = NetworkLayout<NetworkEdge>['nodes'][number];

const nodeBox = (node: NetworkNode) =>
  html`<rect ${attributes({ x: node.x, y: node.y, width: node.width, height: node.height, rx: 6, fill: '#f6f8fa', stroke: '#57606a' })}/>`;

function nodeLabel(node: NetworkNode): Html {
  const at = { x: node.x + node.width / 2, y: node.y + node.height / 2 + 4 };
  const text = attributes({ ...at, 'text-anchor': 'middle', 'font-size': NODE_FONT_SIZE, fill: '#1f2328' });
  return html`<text ${text}>${fitText(node.name, MAX_NODE_WIDTH - 16, NODE_FONT_SIZE)}</text>`;
}

function legend(): Html {
  return html`<p>${STATUSES.filter((status) => status !== 'failedPending').map(
    (status) =>
      html`<span class="status status-${STATUS_DISPLAY[status].tone}">${STATUS_DISPLAY[status].label}</span> ${STATUS_DISPLAY[status].meaning}. `,
  )}Failed arrows are marked “✗ failed”; dashed arrows close a cycle.</p>`;
}

const HOW_TO_READ =
  'Each arrow goes from a consumer to its provider; click a box for the pacticipant, an arrow for its latest pact.';

export function networkBody(edges: NetworkEdge[], basePath: string): Html {
  if (edges.length === 0)
    return html`<h1>Network</h1><p class="muted">No integrations yet: publish a pact to see one.</p>`;
  const layout = layOutNetwork(edges);
  return html`<h1>Network</h1>
<p class="muted">${layout.nodes.length} pacticipants and ${edges.length} integrations. ${HOW_TO_READ}</p>
${legend()}
<div class="network">${renderNetwork(layout, basePath)}</div>`;
}
