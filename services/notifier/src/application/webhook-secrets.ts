import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queryable } from '@zoneledger/event-store';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SecretReference } from '../domain';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier-config';
import { open, seal, type SealedSecret } from './secret-box';

/** The write-side table of the webhook signing secrets, encrypted (one row per secret). */
export const WEBHOOK_SECRETS = 'webhook_secrets';

/** A signing secret the handler made: the secret itself, and the reference events record. */
export interface NewSecret extends SecretReference {
  /** `whsec_` + base64 of 24 random bytes (Standard Webhooks). Shown to the owner once. */
  readonly secret: string;
}

/**
 * The webhook signing secrets. A handler makes one (`generate`), the subscription's stream
 * stores it sealed in the transaction that appends the event referring to it (`writeSealed`,
 * from SubscriptionStreams' writesAlongside), so a secret row exists exactly when an event names
 * it: a command that records nothing (a retry, a refusal) stores nothing. Delivery reads them
 * back by the references `signingSecrets` gives (`reveal`).
 */
@Injectable()
export class WebhookSecrets {
  // Sealed secrets made for commands not yet appended, by reference: random UUIDs, so concurrent
  // commands never share one.
  private readonly pending = new Map<string, SealedSecret>();

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * A new secret for `subscriptionId`, sealed and held until its event is appended; `release`
   * it once the command is done, whatever it did.
   */
  generate(subscriptionId: string): NewSecret {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const secretRef = `${subscriptionId}/${randomUUID()}`;
    this.pending.set(secretRef, seal(this.config.secretKey, secretRef, secret));
    return { secret, secretRef, fingerprint: fingerprintOf(secret) };
  }

  /** Forgets a secret made for a command that is done (its row, if any, is written). */
  release(secretRef: string): void {
    this.pending.delete(secretRef);
  }

  /** In the append's transaction: stores the sealed secrets these references name. */
  async writeSealed(
    transaction: Queryable,
    subscriptionId: string,
    secretRefs: readonly string[],
  ): Promise<void> {
    for (const secretRef of secretRefs) {
      const sealed = this.pending.get(secretRef);
      if (!sealed) throw new Error(`no secret was made for reference ${secretRef}`);
      await transaction.query(
        `insert into ${WEBHOOK_SECRETS} (secret_ref, subscription_id, iv, ciphertext, auth_tag)
         values ($1, $2, $3, $4, $5)`,
        [secretRef, subscriptionId, sealed.iv, sealed.ciphertext, sealed.authTag],
      );
    }
  }

  /** The secrets these references name, decrypted, in their order (delivery signs with them). */
  async reveal(references: readonly SecretReference[]): Promise<string[]> {
    if (references.length === 0) return [];
    const rows: { secret_ref: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer }[] =
      await this.dataSource.query(
        `select secret_ref, iv, ciphertext, auth_tag from ${WEBHOOK_SECRETS}
         where secret_ref = any($1::text[])`,
        [references.map((reference) => reference.secretRef)],
      );
    const byRef = new Map(rows.map((row) => [row.secret_ref, row]));
    return references.map(({ secretRef }) => {
      const row = byRef.get(secretRef);
      if (!row) throw new Error(`webhook secret ${secretRef} is not stored`);
      return open(this.config.secretKey, secretRef, {
        iv: row.iv,
        ciphertext: row.ciphertext,
        authTag: row.auth_tag,
      });
    });
  }
}

/**
 * A short fingerprint of a secret, to tell secrets apart in reads (the first 16 hex digits of
 * its SHA-256): 64 bits of a hash of 192 random bits tell nothing of the secret.
 */
export function fingerprintOf(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)}`;
}
