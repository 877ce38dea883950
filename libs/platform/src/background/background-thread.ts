import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ServiceConfig } from '../config/service-config';
import { Metrics } from '../metrics/metrics';
import { SERVICE_CONFIG } from '../tokens';
import { BACKGROUND_THREAD_MARK } from './background-thread-identity';
import {
  uncrossedError,
  type BackgroundAnswer,
  type BackgroundArgs,
  type BackgroundMethod,
  type FromBackground,
  type ToBackground,
} from './background-thread.protocol';

/** Longest a call to the thread (a readiness probe, a scrape) waits for its answer. */
const CALL_DEADLINE_MS = 5000;

/** Longest the thread gets to stop (its relay's batch in flight, its projections' batches). */
const STOP_DEADLINE_MS = 30_000;

/**
 * The main thread's side of the background thread (BACKGROUND_THREAD; ADR 0019): the service's
 * outbox relay and projections on an event loop of their own, so that their round trips to
 * PostgreSQL and Kafka do not wait behind HTTP requests. bootstrapService starts it once the
 * main thread listens. The thread runs the service's module as an application context with the
 * same configuration. This side asks it for what health, metrics and the projections' admin
 * report, and stops it before the service's pools close. A thread that ends on its own ends the
 * process: an orchestrator restarts it, as it would a crashed one.
 *
 * The thread's relay hears of the appends the main thread commits as it would of another
 * process's: by the NOTIFY the store sends when no relay leads in its thread
 * (AppendAnnouncements), one at a time. Telling it by a message per append instead was measured
 * and dropped (ADR 0019): woken by every append, the relay sent batches of a few events, and every
 * consumer downstream applied them one small transaction at a time.
 */
@Injectable()
export class BackgroundThread implements BeforeApplicationShutdown {
  private worker?: Worker;
  private nextCall = 0;
  private readonly calls = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private stopping = false;
  private stopMerging?: () => void;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly metrics: Metrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('BackgroundThread');
  }

  /** True once the thread runs this process's background work. */
  get running(): boolean {
    return this.worker !== undefined && !this.stopping;
  }

  /**
   * Starts the thread, if the configuration hands it work, from `entry` (the service's main
   * module, which calls bootstrapService there too); resolves once its work has started.
   */
  async start(entry: string): Promise<void> {
    const work = this.config.backgroundThreadWork;
    if (this.worker || !(work.relay || work.projections)) return;
    const worker = new Worker(entry, { workerData: { [BACKGROUND_THREAD_MARK]: true } });
    worker.on('message', (message: FromBackground) => this.answered(message));
    worker.on('error', (error) =>
      this.logger.error({ error: error.message }, 'background thread failed'),
    );
    worker.once('exit', (code) => {
      this.worker = undefined;
      for (const { reject } of this.calls.values())
        reject(new Error('the background thread ended'));
      this.calls.clear();
      if (this.stopping) return;
      this.logger.fatal({ code }, 'background thread ended unasked: stopping the service');
      process.exit(1);
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromBackground) => {
        if (message.kind !== 'ready') return;
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      void once(worker, 'exit').then(() => reject(new Error('the background thread ended')));
    });
    this.worker = worker;
    await ready;
    this.stopMerging = this.metrics.mergeFrom(() => this.call('metrics'));
    this.logger.info(
      { relay: work.relay, projections: work.projections },
      'background work running on its own thread',
    );
  }

  /** Asks the thread; fails after CALL_DEADLINE_MS, or when it is not running. */
  call<M extends BackgroundMethod>(
    method: M,
    ...args: BackgroundArgs<M>
  ): Promise<BackgroundAnswer<M>> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('no background thread runs'));
    const id = ++this.nextCall;
    const request: ToBackground = { kind: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => {
        this.calls.delete(id);
        reject(
          new Error(`the background thread did not answer ${method} in ${CALL_DEADLINE_MS} ms`),
        );
      }, CALL_DEADLINE_MS);
      deadline.unref();
      this.calls.set(id, {
        resolve: (value) => {
          clearTimeout(deadline);
          resolve(value as BackgroundAnswer<M>);
        },
        reject: (error) => {
          clearTimeout(deadline);
          reject(error);
        },
      });
      worker.postMessage(request);
    });
  }

  private answered(message: FromBackground): void {
    if (message.kind === 'ready') return;
    const call = this.calls.get(message.id);
    if (!call) return;
    this.calls.delete(message.id);
    if (message.kind === 'answer') call.resolve(message.value);
    else call.reject(uncrossedError(message.error));
  }

  /** Stops the thread before this thread's pools close; terminates it after STOP_DEADLINE_MS. */
  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    this.stopMerging?.();
    const exited = once(worker, 'exit');
    worker.postMessage({ kind: 'stop' } satisfies ToBackground);
    const stopped = await Promise.race([
      exited.then(() => true),
      sleep(STOP_DEADLINE_MS, false, { ref: false }),
    ]);
    if (stopped) this.logger.info('background thread stopped');
    else {
      this.logger.warn(`background thread still running after ${STOP_DEADLINE_MS} ms: terminated`);
      await worker.terminate();
    }
  }
}
