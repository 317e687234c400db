import { assignLayers, backEdges, layOutNetwork, orderLayers } from './network-layout';

const edge = (consumer: string, provider: string) => ({ consumer, provider });

describe('layOutNetwork', () => {
  it('puts consumers left of their providers, one layer per step of the longest path', () => {
    const layout = layOutNetwork([
      edge('web', 'orders'),
      edge('orders', 'stock'),
      edge('web', 'stock'),
      edge('mobile', 'orders'),
    ]);
    const layer = Object.fromEntries(layout.nodes.map((node) => [node.name, node.layer]));
    expect(layer).toEqual({ mobile: 0, web: 0, orders: 1, stock: 2 });
    const x = Object.fromEntries(layout.nodes.map((node) => [node.name, node.x]));
    expect(x.web).toBeLessThan(x.orders!);
    expect(x.orders).toBeLessThan(x.stock!);
    expect(layout.edges.every((placed) => !placed.backward)).toBe(true);
  });

  it('fits every node inside the drawing, with no two overlapping', () => {
    const names = Array.from({ length: 30 }, (_, index) => `service-${index}`);
    const layout = layOutNetwork(names.slice(1).map((name, index) => edge(names[index % 5]!, name)));
    for (const node of layout.nodes) {
      expect(node.x + node.width).toBeLessThanOrEqual(layout.width);
      expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
    }
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('still lays out and draws the edges of a cycle, one of them curving back', () => {
    const layout = layOutNetwork([edge('a', 'b'), edge('b', 'a'), edge('c', 'c')]);
    expect(layout.nodes).toHaveLength(3);
    expect(layout.edges.filter((placed) => placed.backward)).toHaveLength(2);
    expect(layout.edges.every((placed) => placed.path.startsWith('M'))).toBe(true);
  });

  it('gives each edge the point halfway along its curve, for a label', () => {
    // the walk goes in name order, so orders -> web is the forward edge and web -> orders closes the cycle
    const layout = layOutNetwork([edge('web', 'orders'), edge('orders', 'web')]);
    const node = Object.fromEntries(layout.nodes.map((placed) => [placed.name, placed]));
    const [back, forward] = layout.edges;
    expect([forward!.backward, back!.backward]).toEqual([false, true]);
    expect(forward!.middle).toEqual({
      x: (node.orders!.x + node.orders!.width + node.web!.x) / 2,
      y: node.orders!.y + node.orders!.height / 2,
    });
    // a curve whose control points reach equally out of both ends is halfway between them at its middle
    expect(back!.middle.x).toBe((node.web!.x + node.web!.width + node.orders!.x) / 2);
  });

  it('is empty for no integrations', () => {
    expect(layOutNetwork([])).toMatchObject({ nodes: [], edges: [] });
  });
});

describe('the layout steps', () => {
  it('finds the edge that closes a cycle', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')];
    expect([...backEdges(['a', 'b', 'c'], edges)]).toEqual([edges[2]]);
  });

  it('layers by the longest path from a node with no consumers', () => {
    expect(Object.fromEntries(assignLayers(['a', 'b', 'c'], [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')]))).toEqual(
      { a: 0, b: 1, c: 2 },
    );
  });

  it('orders a layer to uncross edges', () => {
    expect(
      orderLayers(
        [
          ['a', 'b'],
          ['y', 'x'],
        ],
        [edge('a', 'x'), edge('b', 'y')],
      ),
    ).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
  });
});
