import type { ConsumedEvent } from '@zoneledger/messaging';
import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Projection, ProjectionContext, ProjectionStatements } from './projection';

/**
 * A projection's `handle` and `handleBatch` from its statements: the read, then the write, through
 * the manager, in the caller's transaction, reading the context's own tables. The runner sends the
 * same statements in its two round trips instead (ADR 0020, 0021).
 */
export function statementHandlers(
  statements: ProjectionStatements,
): Required<Pick<Projection, 'handle' | 'handleBatch'>> {
  const apply = async (
    events: readonly ConsumedEvent[],
    manager: EntityManager,
    context: ProjectionContext,
  ): Promise<void> => {
    const source = (table: string) => context.table(table);
    const rows: object[] = statements.read
      ? await manager.query(statements.read(events, source, escapeLiteral))
      : [];
    const write = statements.write(events, rows, context, escapeLiteral);
    if (write) await manager.query(write);
  };
  return {
    handle: (event, manager, context) => apply([event], manager, context),
    handleBatch: apply,
  };
}
