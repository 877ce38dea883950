import type { Pool } from 'pg';

/**
 * The channel on which committed appends are announced to other processes (NOTIFY); the payload
 * is the events table's schema. The outbox relay's leader LISTENs on it.
 */
export const EVENTS_APPENDED_CHANNEL = 'zoneledger_events_appended';

/**
 * Tells the outbox relay that an append committed, so it publishes at once rather than at its
 * next poll. The store calls `committed()` after each append it knows committed.
 *
 * - A relay leading in this process listens here (`listen`) and is told directly, without a
 *   round trip; nothing else needs telling then, since only one relay leads a schema.
 * - When none leads here and the store was asked to (`acrossProcesses`, as the services' stores
 *   are), the processes that might lead are told with a NOTIFY on EVENTS_APPENDED_CHANNEL, sent
 *   through the pool after the commit: one at a time, the appends that commit while one is on
 *   its way announced together by the next. A store used on its own (a benchmark, a script)
 *   sends none: each would cost the database a transaction.
 *
 * Announcements only hurry the relay: one lost (a failed NOTIFY, a leader changing hands) is
 * caught by its poll. They are not sent from the appending transaction (a trigger did that until
 * ADR 0018): PostgreSQL holds one database-wide lock from a notifying transaction's commit until
 * its WAL is flushed, so every append then committed one after another.
 */
export class AppendAnnouncements {
  private readonly listeners = new Set<() => void>();
  private inFlight?: Promise<void>;
  private again = false;

  constructor(
    private readonly pool: Pool,
    /** The schema announced; undefined: the connection's current schema. */
    private readonly schema: string | undefined,
    /** NOTIFY other processes when no relay leads in this one. */
    private readonly acrossProcesses: boolean,
  ) {}

  /** Calls `listener` after every committed append, until the returned function is called. */
  listen(listener: () => void): () => void {
    const registration = () => listener();
    this.listeners.add(registration);
    return () => this.listeners.delete(registration);
  }

  /** An append committed: tells the relay leading here, or else (if asked) the other processes. */
  committed(): void {
    if (this.listeners.size > 0) {
      for (const listener of this.listeners) listener();
      return;
    }
    if (!this.acrossProcesses) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.notify().finally(() => (this.inFlight = undefined));
  }

  /** Resolves once no NOTIFY is on its way (e.g. before the pool closes). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async notify(): Promise<void> {
    do {
      this.again = false;
      await this.pool
        .query('select pg_notify($1, coalesce($2::text, current_schema()))', [
          EVENTS_APPENDED_CHANNEL,
          this.schema ?? null,
        ])
        .catch(() => undefined); // the relay's poll catches what this missed
    } while (this.again);
  }
}
