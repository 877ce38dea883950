import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POLICY_STREAM_TYPE } from '../application/policy-command';
import { POLICY_DOCUMENT_NUMBERS } from '../application/policy-document-numbers';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The document numbers the registry's policies bear (see PolicyDocumentNumbers): one row per
 * issuer and number, the key unique. Filled from the PolicyIssued events already in the event
 * store (issuer and number as recorded, in canonical form), oldest first, so a registry with
 * policies keeps refusing their numbers after the upgrade.
 */
export class CreatePolicyDocumentNumbers1796000000000 implements MigrationInterface {
  readonly name = 'CreatePolicyDocumentNumbers1796000000000';

  async up(runner: Runner): Promise<void> {
    await runner.query(`create table ${POLICY_DOCUMENT_NUMBERS} (
      issuer text not null,
      document_number text not null,
      policy_id text not null,
      primary key (issuer, document_number)
    )`);
    await runner.query(
      `insert into ${POLICY_DOCUMENT_NUMBERS} (issuer, document_number, policy_id)
       select data->>'issuer', data->>'documentNumber', data->>'policyId' from events
       where stream_type = $1 and event_type = 'PolicyIssued'
       order by position
       on conflict do nothing`,
      [POLICY_STREAM_TYPE],
    );
  }

  async down(runner: Runner): Promise<void> {
    await runner.query(`drop table ${POLICY_DOCUMENT_NUMBERS}`);
  }
}
