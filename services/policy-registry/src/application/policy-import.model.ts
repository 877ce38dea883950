import { createHash } from 'node:crypto';
import { documentNumberOf, tidy } from '../domain/policy.rules';
import type { PolicyIssuance } from './issue-policy.handler';

/** A row of an import the API could read: the issuance it asks for. */
export interface PolicyImportEntry {
  /** Where it came from: the 1-based index in the JSON `policies` list. */
  readonly row: number;
  readonly issuance: PolicyIssuance;
}

/** A row refused, before or by its issuance, and why (the code is a stable problem code). */
export interface RejectedPolicyImportRow {
  readonly row: number;
  /** The policy's document number as the row gives it. */
  readonly name: string;
  readonly policyId?: string;
  readonly code: string;
  readonly detail: string;
  /** Field errors, named as the row names them. */
  readonly errors?: readonly {
    readonly field: string;
    readonly code: string;
    readonly message: string;
  }[];
}

/** Each row of an import: an entry to issue, or a row refused while reading it. */
export type PolicyImportRow = PolicyImportEntry | RejectedPolicyImportRow;

/** True when the row was refused while it was read. */
export function isRejected(row: PolicyImportRow): row is RejectedPolicyImportRow {
  return 'code' in row;
}

/**
 * The id an imported policy gets when the row names none: `policy-<hash>`, the hash being the
 * first 20 hex digits of the SHA-256 of its issuer and canonical document number, which identify
 * a policy (unique per issuer): importing the row again yields the same id.
 */
export function importedPolicyId(
  issuance: Pick<PolicyIssuance, 'issuer' | 'documentNumber'>,
): string {
  const key = `${tidy(issuance.issuer)}\n${documentNumberOf(issuance.documentNumber)}`;
  return `policy-${createHash('sha256').update(key.normalize('NFC')).digest('hex').slice(0, 20)}`;
}

/**
 * The idempotency key of a row's issuance: the policy id and a hash of the row as given, so the
 * same row imported again is answered by its first issuance.
 */
export function importIdempotencyKey(policyId: string, issuance: PolicyIssuance): string {
  const digest = createHash('sha256').update(JSON.stringify(issuance)).digest('hex');
  return `policy-import:${policyId}:${digest.slice(0, 24)}`;
}
