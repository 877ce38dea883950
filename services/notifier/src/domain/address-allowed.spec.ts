import { addressAllowed, addressClass, allowListOf } from './address-allowed';

const NONE = { allowList: [] };

describe('the class of an address', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['114.114.114.114', 'public'],
    ['2400:3200::1', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (ip, expected) => expect(addressClass(ip)).toBe(expected));

  it.each([
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['fec0::1', 'public'],
    ['fe00::1', 'public'],
    ['fbff::1', 'public'],
  ])('%s, just outside a range, is %s', (ip, expected) => expect(addressClass(ip)).toBe(expected));

  it.each([
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:100.64.1.1', 'cgnat'],
    ['::ffff:8.8.8.8', 'public'],
  ])('reads the IPv4-mapped %s as its IPv4 address: %s', (ip, expected) =>
    expect(addressClass(ip)).toBe(expected),
  );

  it.each(['', 'localhost', '10.0.0', '999.1.1.1', '010.0.0.1', 'fe80::1::2'])(
    '"%s" is no address',
    (text) => expect(addressClass(text)).toBe('invalid'),
  );
});

describe('whether delivery may go to an address', () => {
  it('allows public addresses', () => {
    expect(addressAllowed('8.8.8.8', NONE)).toBe(true);
    expect(addressAllowed('2400:3200::1', NONE)).toBe(true);
  });

  it('refuses private, CGNAT, loopback, link-local, unique-local and unspecified addresses', () =>
    expect(
      ['10.1.2.3', '100.64.0.1', '127.0.0.1', '169.254.169.254', 'fe80::1', 'fd00::1', '0.0.0.0']
        .concat(['::1', '::ffff:192.168.0.10'])
        .filter((ip) => addressAllowed(ip, NONE)),
    ).toEqual([]));

  it('refuses what is not an address, whatever the allow-list', () =>
    expect(addressAllowed('hooks.example.com', { allowList: ['0.0.0.0/0'] })).toBe(false));

  it('allows an internal address inside an allow-listed range, and only there', () => {
    const allowList = ['10.20.0.0/16', 'fd12:3456::/32', '127.0.0.1'];
    expect(addressAllowed('10.20.7.9', { allowList })).toBe(true);
    expect(addressAllowed('10.21.0.1', { allowList })).toBe(false);
    expect(addressAllowed('fd12:3456:1::9', { allowList })).toBe(true);
    expect(addressAllowed('fd12:3457::9', { allowList })).toBe(false);
    expect(addressAllowed('127.0.0.1', { allowList })).toBe(true);
    expect(addressAllowed('127.0.0.2', { allowList })).toBe(false);
  });

  it('applies IPv4 allow-list entries to IPv4-mapped addresses', () =>
    expect(addressAllowed('::ffff:10.20.0.5', { allowList: ['10.20.0.0/16'] })).toBe(true));

  it('takes a parsed allow-list', () => {
    const allowList = allowListOf(['192.168.10.0/24']);
    expect(addressAllowed('192.168.10.200', { allowList })).toBe(true);
    expect(addressAllowed('192.168.11.1', { allowList })).toBe(false);
    expect(allowList.ranges).toEqual(['192.168.10.0/24']);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'intranet', '10.0.0.0/8/8', '10.0.0.0/x'])(
    'throws on the malformed allow-list entry %s',
    (entry) => expect(() => allowListOf([entry])).toThrow(RangeError),
  );
});
