import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be sent. The Pact Broker's host whitelist (PACT_BROKER_WEBHOOK_HOST_WHITELIST)
 * holds exact hosts, `*.suffix` wildcards, CIDR ranges and /regexes/; empty means any host. On
 * top of it, addresses that reach the broker's own machine or a cloud's metadata service are
 * refused unless the whitelist names them: a webhook must not become a way to call them.
 */
export type HostPolicy = {
  /** Any host when empty. */
  allowed: (host: string) => boolean;
  /** Why an address a host resolved to may not be called, or undefined. */
  refusedAddress: (address: string, host: string) => string | undefined;
  described: string;
};

const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4'); // "this host"
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, where cloud metadata services answer
FORBIDDEN.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud's metadata service
FORBIDDEN.addAddress('::1', 'ipv6');
FORBIDDEN.addAddress('::', 'ipv6');
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6'); // link-local
FORBIDDEN.addSubnet('fd00:ec2::', 32, 'ipv6'); // AWS's IPv6 metadata service

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'localhost']);

type Rule = (host: string) => boolean;

function ruleOf(entry: string): Rule {
  if (entry.startsWith('/') && entry.endsWith('/') && entry.length > 2) {
    const pattern = new RegExp(entry.slice(1, -1));
    return (host) => pattern.test(host);
  }
  if (entry.startsWith('*.')) {
    const suffix = entry.slice(1).toLowerCase();
    return (host) => host.toLowerCase().endsWith(suffix);
  }
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr && isIP(cidr[1]!)) {
    const range = new BlockList();
    const family = isIP(cidr[1]!) === 4 ? 'ipv4' : 'ipv6';
    range.addSubnet(cidr[1]!, Number(cidr[2]), family);
    return (host) => isIP(host) !== 0 && range.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6');
  }
  const exact = entry.toLowerCase().replace(/^\[|\]$/g, '');
  return (host) => host.toLowerCase() === exact;
}

export function hostPolicy(whitelist: string[]): HostPolicy {
  const rules = whitelist.map(ruleOf);
  const listed = (host: string) => rules.some((rule) => rule(host));
  return {
    allowed: (host) => rules.length === 0 || listed(bare(host)),
    refusedAddress: (address, host) => {
      if (listed(bare(host)) || listed(address)) return undefined;
      if (METADATA_HOSTS.has(bare(host).toLowerCase()))
        return `${bare(host)} is this machine or a cloud metadata service`;
      const family = isIP(address);
      if (family === 0) return undefined;
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
      const [checked, checkedFamily] = mapped ? [mapped, 'ipv4' as const] : [address, family === 4 ? 'ipv4' : 'ipv6'];
      return FORBIDDEN.check(checked, checkedFamily as 'ipv4' | 'ipv6')
        ? `${address} is a loopback, link-local or cloud metadata address`
        : undefined;
    },
    described: whitelist.length === 0 ? 'any host' : whitelist.join(', '),
  };
}

/** A URL's host as the rules read it: IPv6 without its brackets. */
const bare = (host: string) => host.replace(/^\[|\]$/g, '');
