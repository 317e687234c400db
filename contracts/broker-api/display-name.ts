/** "order-web" and "OrderWeb" both read as "Order Web": a pacticipant's or environment's display name when none is set, as the Pact Broker shows them. */
export function humanise(name: string): string {
  return name
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(^|\s)\S/g, (first) => first.toUpperCase());
}
