/**
 * How a refusal reads to a caller; the API maps it to a status (404, 409, 422) without knowing
 * each code: not_found, the subject does not exist; conflict, it clashes with what the register
 * already holds; rule, the command breaks one of the register's rules.
 */
export type RefusalKind = 'not_found' | 'conflict' | 'rule';

/** A command a domain refuses, with a stable dotted `code` clients can switch on. */
export abstract class DomainRefusal extends Error {
  abstract readonly code: string;
  abstract readonly kind: RefusalKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
