import type { OpenApiDocument } from './openapi-document';
import type { FuzzOperation } from './openapi-operations.reader';
import type { ValueHints } from './schema-values.arbitrary';
import type { RequestContext } from './valid-requests.arbitrary';

/** A running service to fuzz, in this process, and what the fuzz needs to know of it. */
export interface FuzzTarget {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** A bearer token per role; requests are authorised with a role the operation allows. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The roles allowed per operation, where its OpenAPI document does not say them. */
  readonly rolesOf?: (operation: FuzzOperation) => readonly string[] | undefined;
  /** The role to authorise with when nothing says which; the first of `tokens` by default. */
  readonly defaultRole?: string;
  /** Records that exist (zone ids), so valid requests reach them. */
  readonly hints?: ValueHints;
  /** Operations that answer 2xx listing the items they refused (imports), by id. */
  readonly reportsRefusedItems?: readonly string[];
  /** Counts what the service has recorded (its events); a refused request must not change it. */
  countRecords(): Promise<number>;
  /** Where its OpenAPI document is served; `/docs-json` by default. */
  readonly documentPath?: string;
  /** Probes that must answer 200 after the fuzz; `/health/live` and `/health/ready` by default. */
  readonly healthPaths?: readonly string[];
}

/** How much to send, from which seed, and the bounds answers must keep. */
export interface FuzzOptions {
  readonly seed: number;
  /** Valid requests per operation. */
  readonly validRuns: number;
  /** Random requests per malformed class and operation (fixed extremes are always sent). */
  readonly malformedRuns: number;
  readonly requestTimeoutMs: number;
  /** The largest problem document a 4xx may carry. */
  readonly maxProblemBytes: number;
  /** The longest the event loop may stall while a request is served. */
  readonly maxEventLoopDelayMs: number;
  /** Only the classes whose `<operation id> <class>` contains this (to replay a failure). */
  readonly only?: string;
  /** Progress, one line per operation. */
  readonly log?: (line: string) => void;
}

/** What the generators need for one operation: the token of an allowed role, another role's, forged ones. */
export function contextFor(
  target: FuzzTarget,
  operation: FuzzOperation,
  forgedTokens: readonly string[],
): RequestContext {
  const roles = operation.roles ?? target.rolesOf?.(operation);
  const held = Object.keys(target.tokens);
  const role =
    roles?.find((allowed) => target.tokens[allowed] !== undefined) ?? target.defaultRole ?? held[0];
  const wrongRole = roles ? held.find((other) => !roles.includes(other)) : undefined;
  return {
    operation,
    hints: target.hints ?? {},
    ...(operation.secured && role !== undefined ? { token: target.tokens[role] } : {}),
    ...(wrongRole === undefined ? {} : { wrongRoleToken: target.tokens[wrongRole] }),
    forgedTokens,
    reportsRefusedItems: (target.reportsRefusedItems ?? []).includes(operation.id),
  };
}

/** The service's OpenAPI document, as it serves it. */
export async function documentOf(target: FuzzTarget): Promise<OpenApiDocument> {
  const path = target.documentPath ?? '/docs-json';
  const answer = await fetch(new URL(path, target.baseUrl), {
    headers: { authorization: `Bearer ${anyToken(target)}` },
  });
  if (answer.status !== 200)
    throw new Error(`the OpenAPI document at ${path} answered ${answer.status}`);
  return (await answer.json()) as OpenApiDocument;
}

/** A genuine token of any role (to read the document and derive forged ones from). */
export function anyToken(target: FuzzTarget): string {
  const token = Object.values(target.tokens).find((value) => value !== undefined);
  if (token === undefined) throw new Error('the fuzz target needs at least one token');
  return token;
}
