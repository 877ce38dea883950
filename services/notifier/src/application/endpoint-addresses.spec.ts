import { allowListOf } from '../domain';
import { EndpointAddresses, type HostLookup } from './endpoint-addresses';
import type { NotifierConfig } from './notifier-config';

const hosts: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'metadata.example.com': ['169.254.169.254'],
  'split.example.com': ['93.184.216.34', '10.0.0.1'],
  'loopback.example.com': ['127.0.0.1'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
};
const lookup: HostLookup = async (host) => {
  const addresses = hosts[host];
  if (!addresses)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address }));
};
const checker = (allowed: string[] = []) =>
  new EndpointAddresses(
    { endpointPolicy: { allowHttp: false, allowList: allowListOf(allowed) } } as NotifierConfig,
    lookup,
  );

describe("a webhook host's resolved addresses", () => {
  it('passes a host whose every address is public', async () => {
    await expect(checker().check('https://hooks.example.com/z')).resolves.toBeUndefined();
  });

  it.each(['metadata', 'split', 'loopback', 'mapped'])(
    'refuses %s.example.com, which resolves to an internal address',
    async (name) => {
      await expect(checker().check(`https://${name}.example.com/z`)).rejects.toMatchObject({
        code: 'NOTIFIER.ADDRESS_NOT_ALLOWED',
      });
    },
  );

  it('passes an internal address the allow-list names', async () => {
    await expect(
      checker(['127.0.0.0/8']).check('https://loopback.example.com/z'),
    ).resolves.toBeUndefined();
  });

  it('refuses a host that does not resolve', async () => {
    await expect(checker().check('https://nowhere.example.com/z')).rejects.toMatchObject({
      code: 'NOTIFIER.INVALID_URL',
    });
  });

  it('leaves IP literals and malformed URLs to the domain', async () => {
    for (const url of ['https://10.0.0.1/', 'https://[::1]/', 'not a url', 'ftp://x/'])
      await expect(checker().check(url)).resolves.toBeUndefined();
  });
});
