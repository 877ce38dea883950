import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type {
  HostedProjectionStatus,
  ProjectionRebuildStatus,
} from '../event-sourcing/projection-host';
import { ProblemError } from '../problems/problem-error';

/** What the main thread asks of the background thread, and what each answers. */
export interface BackgroundCalls {
  /** ProjectionHost.status(), of the projections the thread hosts. */
  'projections.status': () => Record<string, HostedProjectionStatus>;
  /** ProjectionHost.rebuild(name). */
  'projections.rebuild': (name: string) => ProjectionRebuildStatus;
  /** ProjectionHost.rebuildStatus(name). */
  'projections.rebuildStatus': (name: string) => ProjectionRebuildStatus | undefined;
  /** The thread's metrics, as prom-client's JSON (merged into the main thread's /metrics). */
  metrics: () => MetricObjectWithValues<MetricValue<string>>[];
}

export type BackgroundMethod = keyof BackgroundCalls;
export type BackgroundArgs<M extends BackgroundMethod> = Parameters<BackgroundCalls[M]>;
export type BackgroundAnswer<M extends BackgroundMethod> = ReturnType<BackgroundCalls[M]>;

/** Main thread to background thread. */
export type ToBackground =
  /** Stop the background work (the relay's batch in flight commits) and end the thread. */
  | { readonly kind: 'stop' }
  | {
      readonly kind: 'call';
      readonly id: number;
      readonly method: BackgroundMethod;
      readonly args: readonly unknown[];
    };

/** An error as it crosses threads: a problem keeps its code, status and extensions. */
export interface CrossedError {
  readonly message: string;
  readonly problem?: {
    readonly code: string;
    readonly status: number;
    readonly title?: string;
    readonly extensions: Readonly<Record<string, unknown>>;
  };
}

/** Background thread to main thread. */
export type FromBackground =
  /** The application context is up: its relay and projections have started. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'answer'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'failed'; readonly id: number; readonly error: CrossedError };

export function crossedError(error: unknown): CrossedError {
  if (error instanceof ProblemError)
    return {
      message: error.message,
      problem: {
        code: error.code,
        status: error.status,
        title: error.title,
        extensions: error.extensions(),
      },
    };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A problem the background thread raised, answered by the main thread as it was raised there. */
export class BackgroundProblemError extends ProblemError {
  readonly code: string;
  readonly status: number;
  override readonly title?: string;
  private readonly members: Readonly<Record<string, unknown>>;

  constructor(problem: NonNullable<CrossedError['problem']>, detail: string) {
    super(detail);
    this.code = problem.code;
    this.status = problem.status;
    this.title = problem.title;
    this.members = problem.extensions;
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return this.members;
  }
}

/** The error a crossed one stands for in the main thread. */
export function uncrossedError({ message, problem }: CrossedError): Error {
  return problem ? new BackgroundProblemError(problem, message) : new Error(message);
}
