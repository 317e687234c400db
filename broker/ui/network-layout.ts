import { textWidth } from './text-width';

/**
 * A layered layout of the integration graph, computed on the server so the diagram needs
 * no script: consumers to the left of their providers (longest-path layers), each layer
 * ordered to keep edges short (barycentre sweeps), then boxes and curves in pixels. Cycles
 * (two pacticipants that consume each other) are broken for layering only; their edges are
 * still drawn, curving back.
 */
export type GraphEdge = { consumer: string; provider: string };

export type PlacedNode = { name: string; layer: number; x: number; y: number; width: number; height: number };
export type PlacedEdge<E extends GraphEdge> = E & { path: string; backward: boolean };
export type NetworkLayout<E extends GraphEdge> = {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge<E>[];
};

export const NODE_FONT_SIZE = 12;
const NODE_HEIGHT = 28;
const ROW_GAP = 14;
const COLUMN_GAP = 110;
const MARGIN = 20;
const MIN_NODE_WIDTH = 80;
export const MAX_NODE_WIDTH = 220;

function nodeWidth(name: string): number {
  return Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, textWidth(name, NODE_FONT_SIZE) + 20));
}

/** Edges that close a cycle, found by a depth-first walk in name order (so the result is stable). */
export function backEdges(names: string[], edges: GraphEdge[]): Set<GraphEdge> {
  const outgoing = new Map(names.map((name) => [name, [] as GraphEdge[]]));
  for (const edge of edges) outgoing.get(edge.consumer)!.push(edge);
  const state = new Map<string, 'visiting' | 'done'>();
  const back = new Set<GraphEdge>();
  const visit = (name: string) => {
    state.set(name, 'visiting');
    for (const edge of outgoing.get(name)!) {
      const next = state.get(edge.provider);
      if (next === 'visiting') back.add(edge);
      else if (next === undefined) visit(edge.provider);
    }
    state.set(name, 'done');
  };
  for (const name of names) if (!state.has(name)) visit(name);
  return back;
}

/** Each node's layer: one more than its deepest consumer, over the acyclic edges. */
export function assignLayers(names: string[], forward: GraphEdge[]): Map<string, number> {
  const incoming = new Map(names.map((name) => [name, [] as string[]]));
  for (const edge of forward) incoming.get(edge.provider)!.push(edge.consumer);
  const layers = new Map<string, number>();
  const layerOf = (name: string): number => {
    const known = layers.get(name);
    if (known !== undefined) return known;
    const layer = Math.max(-1, ...incoming.get(name)!.map(layerOf)) + 1;
    layers.set(name, layer);
    return layer;
  };
  for (const name of names) layerOf(name);
  return layers;
}

/** Orders each layer by the mean position of its neighbours in the layer before (down) or after (up). */
export function orderLayers(layers: string[][], edges: GraphEdge[], sweeps = 4): string[][] {
  const neighbours = new Map<string, string[]>();
  for (const { consumer, provider } of edges) {
    neighbours.set(consumer, [...(neighbours.get(consumer) ?? []), provider]);
    neighbours.set(provider, [...(neighbours.get(provider) ?? []), consumer]);
  }
  const ordered = layers.map((layer) => [...layer]);
  const reorder = (index: number, reference: string[]) => {
    const position = new Map(reference.map((name, at) => [name, at]));
    const current = ordered[index]!;
    const key = (name: string, at: number) => {
      const near = (neighbours.get(name) ?? [])
        .map((other) => position.get(other))
        .filter((at): at is number => at !== undefined);
      return near.length === 0 ? at : near.reduce((sum, value) => sum + value, 0) / near.length;
    };
    const keyed = current.map((name, at) => ({ name, key: key(name, at), at }));
    keyed.sort((a, b) => a.key - b.key || a.at - b.at);
    ordered[index] = keyed.map((entry) => entry.name);
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let index = 1; index < ordered.length; index++) reorder(index, ordered[index - 1]!);
    for (let index = ordered.length - 2; index >= 0; index--) reorder(index, ordered[index + 1]!);
  }
  return ordered;
}

export function layOutNetwork<E extends GraphEdge>(edges: E[]): NetworkLayout<E> {
  const names = [...new Set(edges.flatMap((edge) => [edge.consumer, edge.provider]))].sort();
  const back = backEdges(names, edges);
  const forward = edges.filter((edge) => !back.has(edge) && edge.consumer !== edge.provider);
  const layerOf = assignLayers(names, forward);
  const layerCount = Math.max(0, ...layerOf.values()) + (names.length > 0 ? 1 : 0);
  const layers = orderLayers(
    Array.from({ length: layerCount }, (_, layer) => names.filter((name) => layerOf.get(name) === layer)),
    forward,
  );
  const tallest = Math.max(0, ...layers.map((layer) => layer.length));
  const height = MARGIN * 2 + Math.max(0, tallest * (NODE_HEIGHT + ROW_GAP) - ROW_GAP);
  const nodes = new Map<string, PlacedNode>();
  let x = MARGIN;
  layers.forEach((layer, index) => {
    const columnWidth = Math.max(...layer.map(nodeWidth));
    const top = MARGIN + ((tallest - layer.length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    layer.forEach((name, row) =>
      nodes.set(name, {
        name,
        layer: index,
        x,
        y: top + row * (NODE_HEIGHT + ROW_GAP),
        width: nodeWidth(name),
        height: NODE_HEIGHT,
      }),
    );
    x += columnWidth + COLUMN_GAP;
  });
  const width = layers.length === 0 ? MARGIN * 2 : x - COLUMN_GAP + MARGIN;
  return {
    width,
    height,
    nodes: [...nodes.values()],
    edges: edges.map((edge) => ({ ...edge, ...edgePath(nodes.get(edge.consumer)!, nodes.get(edge.provider)!) })),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A curve from the consumer's right side to the provider's left side; loops back for cycles and self-pacts. */
function edgePath(from: PlacedNode, to: PlacedNode): { path: string; backward: boolean } {
  const [startX, startY] = [from.x + from.width, from.y + from.height / 2];
  const [endX, endY] = [to.x, to.y + to.height / 2];
  if (from === to) {
    const point = (dx: number, dy: number) => `${round(startX + dx)},${round(startY + dy)}`;
    return { path: `M${point(0, -6)} C${point(40, -30)} ${point(40, 30)} ${point(0, 6)}`, backward: true };
  }
  const backward = to.layer <= from.layer;
  const reach = backward ? 60 + (from.layer - to.layer) * 20 : (endX - startX) / 2;
  return {
    path: `M${round(startX)},${round(startY)} C${round(startX + reach)},${round(startY)} ${round(endX - reach)},${round(endY)} ${round(endX)},${round(endY)}`,
    backward,
  };
}
