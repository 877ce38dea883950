import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queryable, RowsAlongside } from '@zoneledger/event-store';
import type { DataSource } from 'typeorm';
import type { DocumentNumberHolder } from '../domain/policy.commands';
import { DocumentNumberTakenError } from '../domain/policy.errors';
import type { PolicyIssued } from '../domain/policy.events';
import { documentNumberOf, tidy } from '../domain/policy.rules';

/** The table of the document numbers policies bear: one row per issuer and number. */
export const POLICY_DOCUMENT_NUMBERS = 'policy_document_numbers';

/**
 * The document numbers the registry's policies bear, claimed by the transaction that appends
 * their PolicyIssued (ADR 0004, as zone names): as current as the event store itself. Handlers
 * look holders up here, so the decider refuses a taken number with its own error; the primary
 * key (one policy per issuer and number) refuses what two issuances racing past that check would
 * both record. A number is never freed: a repealed or superseded policy still bears it.
 */
@Injectable()
export class PolicyDocumentNumbers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The policies of `issuer` bearing `documentNumber` (compared in canonical form). */
  async holders(issuer: string, documentNumber: string): Promise<DocumentNumberHolder[]> {
    if (!tidy(issuer) || !tidy(documentNumber)) return [];
    const rows: { policy_id: string }[] = await this.dataSource.query(
      `select policy_id from ${POLICY_DOCUMENT_NUMBERS} where issuer = $1 and document_number = $2`,
      [tidy(issuer), documentNumberOf(documentNumber)],
    );
    return rows.map((row) => ({
      policyId: row.policy_id,
      issuer: tidy(issuer),
      documentNumber: documentNumberOf(documentNumber),
    }));
  }

  /**
   * In the caller's transaction, after its append: claims the numbers of the issued policies. A
   * number another policy holds (or is claiming in a transaction not yet committed: this one
   * waits for it) fails with POLICY.DOCUMENT_NUMBER_TAKEN, so the caller rolls its events back.
   */
  async claim(transaction: Queryable, issued: readonly PolicyIssued['data'][]): Promise<void> {
    for (const policy of issued) {
      // The no-op update returns the holder, so one statement tells whether the number was free.
      const { rows } = await transaction.query<{ policy_id: string }>(
        `insert into ${POLICY_DOCUMENT_NUMBERS} (issuer, document_number, policy_id)
         values ($1, $2, $3)
         on conflict (issuer, document_number)
           do update set policy_id = ${POLICY_DOCUMENT_NUMBERS}.policy_id
         returning policy_id`,
        [policy.issuer, policy.documentNumber, policy.policyId],
      );
      const holder = rows[0]?.policy_id;
      if (holder !== undefined && holder !== policy.policyId)
        throw new DocumentNumberTakenError(policy.documentNumber, holder);
    }
  }

  /**
   * The same claims as rows for the append statement to insert with the events: a number
   * another policy holds fails the append, and `claim` then tells which policy bears it.
   */
  claimRows(issued: readonly PolicyIssued['data'][]): RowsAlongside {
    return {
      table: POLICY_DOCUMENT_NUMBERS,
      columns: ['issuer', 'document_number', 'policy_id'].map((name) => ({ name, type: 'text' })),
      rows: issued.map((policy) => [policy.issuer, policy.documentNumber, policy.policyId]),
    };
  }
}
