import {
  DEFAULT_IMPORT_LIMITS,
  fieldErrorsOf,
  ImportTooManyRowsError,
  mapInTurns,
  ValidationFailedError,
} from '@zoneledger/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { PolicyImportRow } from '../application/policy-import.model';
import { IssuePolicyDto } from './dto/issue-policy.dto';

/** At most this many policies an import: the registry holds thousands, not millions. */
export const POLICY_IMPORT_MAX_ROWS = Math.min(DEFAULT_IMPORT_LIMITS.maxRows, 10_000);

/**
 * The rows of a JSON import `{policies: [...]}`, each an issuance as POST /v1/policies takes it.
 * Other top-level fields are refused (VALIDATION.FAILED), as every endpoint refuses them, and a
 * longer list than POLICY_IMPORT_MAX_ROWS is IMPORT.TOO_MANY_ROWS. A policy that breaks the
 * rules of POST /v1/policies is a refused row, not a refused import.
 */
export async function policyImportRowsFromJson(body: unknown): Promise<PolicyImportRow[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([
      {
        field: 'policies',
        code: 'isArray',
        message: 'the body must be an object {policies: [...]}',
      },
    ]);
  }
  const unknown = Object.keys(body).filter((field) => field !== 'policies');
  const policies = (body as { policies?: unknown }).policies;
  const errors = [
    ...unknown.slice(0, 10).map((field) => ({
      field: field.slice(0, 100),
      code: 'whitelistValidation',
      message: `property ${field.slice(0, 100)} should not exist`,
    })),
    ...(Array.isArray(policies)
      ? []
      : [{ field: 'policies', code: 'isArray', message: 'policies must be a list of policies' }]),
  ];
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const list = policies as unknown[];
  if (list.length > POLICY_IMPORT_MAX_ROWS)
    throw new ImportTooManyRowsError(POLICY_IMPORT_MAX_ROWS);
  return mapInTurns(list, (policy, index) => issuanceRow(index + 1, policy));
}

/** Checks a row by the rules of POST /v1/policies. */
function issuanceRow(row: number, policy: unknown): PolicyImportRow {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    const detail = 'each policy must be an object with the fields of an issuance';
    return { row, name: '', code: 'VALIDATION.FAILED', detail };
  }
  const issuance = plainToInstance(IssuePolicyDto, policy);
  const errors = fieldErrorsOf(
    validateSync(issuance, { whitelist: true, forbidNonWhitelisted: true }),
  );
  if (errors.length === 0) return { row, issuance };
  const { documentNumber } = policy as { documentNumber?: unknown };
  return {
    row,
    name: typeof documentNumber === 'string' ? documentNumber.trim().slice(0, 100) : '',
    code: 'VALIDATION.FAILED',
    detail: errors.map((error) => error.message).join('; '),
    errors,
  };
}
