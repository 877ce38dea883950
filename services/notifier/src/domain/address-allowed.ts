import { BlockList, isIP } from 'node:net';

// Which addresses a webhook may be delivered to. The delivery adapter resolves the host and asks
// here about every address it got (and connects only to an address allowed), so a name that
// resolves to an internal service is refused as surely as an IP literal.
//
// The ranges are matched by node:net's BlockList rather than by hand-written CIDR arithmetic:
// BlockList is an in-memory rule set (no socket, no lookup), so using it here keeps the domain
// free of I/O. It reads an IPv4-mapped IPv6 address (::ffff:10.0.0.1, ::ffff:a00:1) as the IPv4
// address it carries, so such an address falls in the IPv4 ranges and IPv4 allow-list entries.

/** What an address is, as far as delivery cares. */
export type AddressClass =
  | 'public'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'unspecified'
  | 'invalid';

type Rule = readonly [address: string, prefix: number, family: 'ipv4' | 'ipv6'];

const RANGES: readonly (readonly [Exclude<AddressClass, 'public' | 'invalid'>, Rule[]])[] = [
  [
    'unspecified',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ],
  ],
  [
    'loopback',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
    ],
  ],
  ['cgnat', [['100.64.0.0', 10, 'ipv4']]],
  [
    'link-local',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  ['unique-local', [['fc00::', 7, 'ipv6']]],
];

const CLASSES = RANGES.map(([addressClass, rules]) => {
  const list = new BlockList();
  for (const [address, prefix, family] of rules) list.addSubnet(address, prefix, family);
  return [addressClass, list] as const;
});

/** A parsed allow-list: CIDR ranges ("10.20.0.0/16", "fd12::/16") or single addresses. */
export interface AllowList {
  readonly ranges: readonly string[];
  allows(address: string): boolean;
}

/**
 * An allow-list of the given entries, each a CIDR range or a single address. A malformed entry is a configuration error: it throws a RangeError
 * naming it, so the service refuses to start rather than allow nothing (or everything).
 */
export function allowListOf(entries: readonly string[]): AllowList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, ...rest] = entry.trim().split('/');
    const ip = plain(address);
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
      throw new RangeError(`not an address or CIDR range: "${entry}"`);
    list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    ranges: [...entries],
    allows: (address) => {
      const ip = plain(address);
      const family = isIP(ip);
      return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** What `ip` is: public, or one of the ranges delivery refuses by default; `invalid` if no IP. */
export function addressClass(ip: string): AddressClass {
  const address = plain(ip);
  const family = isIP(address);
  if (family === 0) return 'invalid';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // BlockList matches an IPv4-mapped IPv6 address (in any notation) against the IPv4 rules, and
  // an IPv4 address against the IPv6 rules through its mapped form, which lies in none of them.
  const found = CLASSES.find(([, list]) => list.check(address, type));
  return found ? found[0] : 'public';
}

/**
 * Whether a webhook may be delivered to `ip`: a public address, or any address on the
 * allow-list (an internal receiver configured on purpose). Not an IP address: refused.
 */
export function addressAllowed(
  ip: string,
  { allowList }: { readonly allowList: AllowList | readonly string[] },
): boolean {
  const kind = addressClass(ip);
  if (kind === 'invalid') return false;
  if (kind === 'public') return true;
  const list = isAllowList(allowList) ? allowList : allowListOf(allowList);
  return list.allows(ip);
}

function isAllowList(value: AllowList | readonly string[]): value is AllowList {
  return !Array.isArray(value);
}

// The address without the brackets of a URL host or an IPv6 zone index (fe80::1%eth0).
function plain(ip: string): string {
  return ip
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
}
