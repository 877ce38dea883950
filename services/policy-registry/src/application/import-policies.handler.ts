import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ImportReportStore,
  mapInTurns,
  ProblemError,
  type ImportRowReport,
  type ImportSummary,
} from '@zoneledger/platform';
import { PolicyError } from '../domain/policy.errors';
import { tidy } from '../domain/policy.rules';
import { IssuePolicyCommand } from './issue-policy.handler';
import type { CommandContext } from './policy-command';
import { PolicyDocumentNumbers } from './policy-document-numbers';
import {
  importedPolicyId,
  importIdempotencyKey,
  isRejected,
  type PolicyImportEntry,
  type PolicyImportRow,
  type RejectedPolicyImportRow,
} from './policy-import.model';

/**
 * Issue many policies at once; each row is one IssuePolicyCommand with a key of its own. Answers
 * the summary of the import's report, stored with every row's outcome (ImportReportStore).
 */
export class ImportPoliciesCommand extends Command<ImportSummary> {
  constructor(
    readonly rows: readonly PolicyImportRow[],
    readonly context: Pick<CommandContext, 'actor' | 'correlationId'>,
  ) {
    super();
  }
}

/**
 * Sends every row through the same IssuePolicyCommand handler as POST /v1/policies, one after
 * the other in row order, so a row may implement a policy an earlier row issued. Idempotent per
 * document number: a row whose issuer already has a policy bearing its number is skipped, however
 * that policy was issued. A refused row does not stop the others; a failure that is no refusal
 * (the database gone) fails the import, and running it again is harmless.
 */
@CommandHandler(ImportPoliciesCommand)
export class ImportPoliciesHandler implements ICommandHandler<ImportPoliciesCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly documentNumbers: PolicyDocumentNumbers,
    private readonly reports: ImportReportStore,
  ) {}

  async execute({ rows, context }: ImportPoliciesCommand): Promise<ImportSummary> {
    const outcomes: ImportRowReport[] = await mapInTurns(rows.filter(isRejected), rejectedRow);
    for (const entry of rows.filter((row): row is PolicyImportEntry => !isRejected(row)))
      outcomes.push(await this.import(entry, context));
    return this.reports.save(outcomes, context);
  }

  private async import(
    { row, issuance }: PolicyImportEntry,
    context: ImportPoliciesCommand['context'],
  ): Promise<ImportRowReport> {
    const name = tidy(issuance.documentNumber);
    const [holder] = await this.documentNumbers.holders(issuance.issuer, issuance.documentNumber);
    if (holder) return { row, outcome: 'skipped', name, subjectId: holder.policyId };
    const policyId = issuance.policyId ?? importedPolicyId(issuance);
    const idempotencyKey = importIdempotencyKey(policyId, issuance);
    try {
      const result = await this.commands.execute(
        new IssuePolicyCommand({ ...issuance, policyId }, { ...context, idempotencyKey }),
      );
      return { row, outcome: result.replayed ? 'skipped' : 'created', name, subjectId: policyId };
    } catch (error) {
      if (!(error instanceof PolicyError || (error instanceof ProblemError && error.status < 500)))
        throw error;
      return rejectedRow({ row, name, policyId, code: error.code, detail: error.message });
    }
  }
}

/** A refused row as the import's report keeps it, the policy id as its subject. */
function rejectedRow({ policyId, errors, ...row }: RejectedPolicyImportRow): ImportRowReport {
  return {
    ...row,
    outcome: 'rejected',
    ...(policyId === undefined ? {} : { subjectId: policyId }),
    ...(errors === undefined ? {} : { errors, errorCount: errors.length }),
  };
}
