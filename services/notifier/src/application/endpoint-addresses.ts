import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressAllowed, addressClass, AddressNotAllowedError, InvalidUrlError } from '../domain';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier-config';

/** Resolves a host name to every address it has (node:dns/promises lookup with all: true). */
export type HostLookup = (host: string) => Promise<readonly { readonly address: string }[]>;

/** Injection token of the HostLookup webhook URLs are checked with. */
export const HOST_LOOKUP = Symbol('HOST_LOOKUP');

/** The system resolver, as connections use it. */
export const systemLookup: HostLookup = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The check of a webhook URL's host at subscription time that the pure domain cannot make: the
 * domain refuses IP literals outside what delivery may reach; this resolves a host name and
 * refuses it when any of its addresses is not allowed (a name pointing at the cloud's metadata
 * service or at an internal network), unless NOTIFIER_ALLOWED_NETWORKS allows it. Delivery must
 * check the addresses again when it connects (a name may resolve elsewhere later).
 */
@Injectable()
export class EndpointAddresses {
  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(HOST_LOOKUP) private readonly lookupHost: HostLookup,
  ) {}

  /**
   * Throws NOTIFIER.ADDRESS_NOT_ALLOWED when `url`'s host name resolves to an address not
   * allowed, NOTIFIER.INVALID_URL when it resolves to none. URLs the domain refuses by their
   * form, and IP literals (the domain checks them), pass here untouched.
   */
  async check(url: string): Promise<void> {
    let host: string;
    try {
      const parsed = new URL(url.trim());
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
      host = parsed.hostname.toLowerCase();
    } catch {
      return;
    }
    const plain = host.replace(/^\[(.*)\]$/, '$1');
    if (plain === '' || isIP(plain) !== 0) return;
    let addresses: readonly { readonly address: string }[];
    try {
      addresses = await this.lookupHost(plain);
    } catch {
      throw new InvalidUrlError(url, `its host ${plain} does not resolve`);
    }
    if (addresses.length === 0)
      throw new InvalidUrlError(url, `its host ${plain} does not resolve`);
    const policy = { allowList: this.config.endpointPolicy.allowList };
    for (const { address } of addresses) {
      if (!addressAllowed(address, policy))
        // The class only: the address an internal name resolves to is not the caller's to learn.
        throw new AddressNotAllowedError(plain, addressClass(address));
    }
  }
}
