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
/** `middle` is the point halfway along the curve, where a label on the edge goes. */
export type PlacedEdge<E extends GraphEdge> = E & { path: string; backward: boolean; middle: Point };
export type Point = { x: number; y: number };
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
function edgePath(from: PlacedNode, to: PlacedNode): { path: string; backward: boolean; middle: Point } {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  if (from === to) {
    const at = (dx: number, dy: number) => ({ x: start.x + dx, y: start.y + dy });
    return curve([at(0, -6), at(40, -30), at(40, 30), at(0, 6)], true);
  }
  const backward = to.layer <= from.layer;
  const reach = backward ? 60 + (from.layer - to.layer) * 20 : (end.x - start.x) / 2;
  return curve([start, { x: start.x + reach, y: start.y }, { x: end.x - reach, y: end.y }, end], backward);
}

/** A cubic Bézier through four points, as a path, with its point at t = 1/2. */
function curve(points: [Point, Point, Point, Point], backward: boolean) {
  const text = points.map((point) => `${round(point.x)},${round(point.y)}`);
  const [p0, p1, p2, p3] = points;
  const half = (axis: 'x' | 'y') => round((p0[axis] + 3 * p1[axis] + 3 * p2[axis] + p3[axis]) / 8);
  return { path: `M${text[0]} C${text[1]} ${text[2]} ${text[3]}`, backward, middle: { x: half('x'), y: half('y') } };
}
