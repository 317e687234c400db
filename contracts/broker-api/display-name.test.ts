import { humanise } from './display-name';

describe('humanise', () => {
  it.each([
    ['OrderWeb', 'Order Web'],
    ['order-web', 'Order Web'],
    ['order_api_v2', 'Order Api V2'],
    ['Café ☕', 'Café ☕'],
  ])('shows %s as %s', (name, display) => {
    expect(humanise(name)).toBe(display);
  });
});
