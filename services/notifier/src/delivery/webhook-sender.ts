import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { HOST_LOOKUP, type HostLookup } from '../application/endpoint-addresses';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { addressAllowed, addressClass, type AttemptOutcome, type FollowedZone } from '../domain';

// Webhook requests: the feed's CloudEvent in structured JSON mode, signed per Standard Webhooks
// (the `standardwebhooks` library), POSTed with node:http(s) to the subscription's URL. Every
// address connected to is checked as it is resolved (the host's every address, at each attempt:
// a name that resolved to a public address at subscription time and to an internal one now is
// refused, DNS rebinding included); redirects are not followed; the attempt has a time limit.

/** The content type of a structured-mode CloudEvent in JSON. */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** The most of a response body read (the event keeps the first 512 characters of it). */
export const RESPONSE_READ_LIMIT_BYTES = 4096;

/** What the receiver is sent. */
export interface WebhookRequest {
  /** The subscription's webhook URL. */
  readonly url: string;
  /** The notification id: the `webhook-id` (the same on every attempt and redelivery). */
  readonly messageId: string;
  /** The body, exactly as signed (webhookBody). */
  readonly body: string;
  /** The signing secrets (`whsec_...`), one signature each, the current one first. */
  readonly secrets: readonly string[];
  /** The `webhook-timestamp`. */
  readonly timestamp: Date;
}

/** How an attempt went: its outcome, how long it took, the start of the answer's body. */
export interface WebhookResult {
  readonly outcome: AttemptOutcome;
  /** Milliseconds from the start of the attempt to its end (the answer read, or the failure). */
  readonly latencyMs: number;
  /** The first RESPONSE_READ_LIMIT_BYTES of the response body, as UTF-8; absent when none. */
  readonly responseExcerpt?: string;
}

/**
 * The body a webhook receiver gets: the feed's structured-mode CloudEvent with two extension
 * attributes, `subscriptionid` (the subscription notified) and, when the event matched through
 * zones the subscription follows instead of zones merged away, `followedzones`: comma-separated
 * `<followed zone id><-<zone id the filter names>` pairs, e.g. `zone-a<-zone-b` (the filter
 * named zone-b, merged into zone-a, and the event is about zone-a).
 */
export function webhookBody(
  cloudEvent: Readonly<Record<string, unknown>>,
  subscriptionId: string,
  followed: readonly FollowedZone[],
): string {
  const { data, ...attributes } = cloudEvent;
  return JSON.stringify({
    ...attributes,
    subscriptionid: subscriptionId,
    ...(followed.length > 0 ? { followedzones: followedZones(followed) } : {}),
    data,
  });
}

/** The `followedzones` extension attribute: `<followed><-<instead of>` pairs, comma-separated. */
export function followedZones(followed: readonly FollowedZone[]): string {
  return followed.map(({ zoneId, insteadOf }) => `${zoneId}<-${insteadOf}`).join(',');
}

/** The `webhook-signature` header: one `v1,<base64>` per secret, separated by spaces. */
export function webhookSignature(
  secrets: readonly string[],
  messageId: string,
  timestamp: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}

// An address the endpoint policy refuses: the attempt fails with 'address-not-allowed'.
class AddressRefusedError extends Error {
  constructor(host: string, address: string) {
    // The address's class only: what an internal name resolves to is not the owner's to learn.
    super(`${host} resolves to a ${addressClass(address)} address, which delivery may not reach`);
  }
}

class TimeoutError extends Error {}

/** Sends webhook requests (one attempt each; the worker decides what follows). */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  // Connections are kept for the next attempt to the same host: each was checked when opened.
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(HOST_LOOKUP) private readonly lookupHost: HostLookup,
  ) {}

  /** One attempt: never throws; how it went is in the result. */
  async send(request: WebhookRequest): Promise<WebhookResult> {
    const started = performance.now();
    const outcome = await this.attempt(request).catch(
      (error: unknown): { outcome: AttemptOutcome } => ({ outcome: failure(error) }),
    );
    return { ...outcome, latencyMs: Math.round(performance.now() - started) };
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private attempt(
    request: WebhookRequest,
  ): Promise<{ outcome: AttemptOutcome; responseExcerpt?: string }> {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    if (!secure && !(url.protocol === 'http:' && this.config.endpointPolicy.allowHttp))
      return Promise.resolve({
        outcome: { kind: 'address-not-allowed', error: `${url.protocol} URLs are not allowed` },
      });
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // An IP literal is connected to without a lookup: it is checked here.
    if (isIP(host) !== 0 && !this.allowed(host))
      return Promise.reject(new AddressRefusedError(host, host));

    const body = Buffer.from(request.body, 'utf8');
    const headers = {
      'content-type': CLOUDEVENTS_JSON,
      'content-length': String(body.length),
      'user-agent': 'ZoneLedger-Notifier/1',
      'webhook-id': request.messageId,
      'webhook-timestamp': String(Math.floor(request.timestamp.getTime() / 1000)),
      'webhook-signature': webhookSignature(
        request.secrets,
        request.messageId,
        request.timestamp,
        request.body,
      ),
    };
    const timeoutMs = this.config.delivery.schedule.timeoutMs;
    return new Promise((resolve, reject) => {
      const outgoing = (secure ? https : http).request(url, {
        method: 'POST',
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
        lookup: this.lookup,
      });
      const timer = setTimeout(() => outgoing.destroy(new TimeoutError()), timeoutMs);
      const done = () => clearTimeout(timer);
      outgoing.on('socket', (socket) => {
        // What was connected to, whoever resolved it: checked before the answer is read.
        const check = () => {
          const remote = socket.remoteAddress;
          if (remote && !this.allowed(remote))
            outgoing.destroy(new AddressRefusedError(host, remote));
        };
        if (socket.remoteAddress) check();
        else socket.once('connect', check);
      });
      outgoing.on('error', (error) => {
        done();
        reject(error);
      });
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          done();
          const text = Buffer.concat(chunks)
            .subarray(0, RESPONSE_READ_LIMIT_BYTES)
            .toString('utf8')
            // A character cut by the limit decodes to U+FFFD: left out.
            .replace(/\uFFFD$/, '');
          const status = response.statusCode ?? 0;
          const retryAfter = response.headers['retry-after'];
          resolve({
            outcome: {
              kind: 'response',
              status,
              ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            },
            ...(text ? { responseExcerpt: text } : {}),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (length >= RESPONSE_READ_LIMIT_BYTES) return;
          chunks.push(chunk);
          length += chunk.length;
          if (length >= RESPONSE_READ_LIMIT_BYTES) {
            // Enough: the rest is not read (the connection is not kept).
            response.destroy();
            finish();
          }
        });
        response.on('end', finish);
        response.on('error', (error) => {
          if (finished) return;
          finished = true;
          done();
          reject(error);
        });
      });
      outgoing.end(body);
    });
  }

  private allowed(address: string): boolean {
    return addressAllowed(address, { allowList: this.config.endpointPolicy.allowList });
  }

  // Resolves through the service's HostLookup, and refuses the host when any address it resolves
  // to is not allowed: the connection is made only to the addresses checked here.
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.lookupHost(hostname).then(
      (found) => {
        const refused = found.find(({ address }) => !this.allowed(address));
        if (refused) {
          callback(new AddressRefusedError(hostname, refused.address), '', 4);
          return;
        }
        const addresses = found
          .map(({ address }) => ({ address, family: isIP(address) }))
          .filter(({ family }) => family !== 0)
          .filter(({ family }) => !options.family || options.family === family);
        if (addresses.length === 0) {
          const error = Object.assign(new Error(`${hostname} does not resolve`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 4);
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
}

function failure(error: unknown): AttemptOutcome {
  if (error instanceof TimeoutError) return { kind: 'timeout' };
  if (error instanceof AddressRefusedError)
    return { kind: 'address-not-allowed', error: error.message };
  const { message, code } = error as { message?: string; code?: string };
  return { kind: 'network-error', error: (message || code || 'connection failed').slice(0, 500) };
}
