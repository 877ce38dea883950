import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import type { ServiceConfig } from '../config/service-config';
import { ProblemError } from '../problems/problem-error';
import { SERVICE_CONFIG } from '../tokens';

/** How a command ended: done, refused by a rule or a stale version (4xx), or broken (5xx). */
export type CommandOutcome = 'accepted' | 'rejected' | 'failed';

/** Seconds; from a cached read to a slow append under contention. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Kind = 'gauge' | 'counter';

/** A metric with its values, as a registry's getMetricsAsJSON() gives them. */
type MetricJson = MetricObjectWithValues<MetricValue<string>>;

/**
 * The service's Prometheus registry (one per app, so two apps in one test process do not
 * collide), its HTTP and command metrics, and idempotent registration of libs' own gauges
 * and counters (relay lag, consumer lag, dead letters).
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commandCounter: Counter<'command' | 'outcome'>;
  readonly commandDuration: Histogram<'command' | 'outcome'>;
  /** Other registries' metrics added to each scrape (a background thread's; mergeFrom). */
  private readonly merged = new Set<MergedSource>();
  private readonly registered = new Map<
    string,
    { kind: Kind; labelNames: string; metric: unknown }
  >();

  constructor(@Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'service'>) {
    this.registry.setDefaultLabels({ service: config.service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to finishing its response',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commandCounter = new Counter({
      name: 'commands_total',
      help: 'Commands handled, by command and outcome (accepted, rejected, failed)',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.commandDuration = new Histogram({
      name: 'command_duration_seconds',
      help: 'Time to decide and append a command, by command and outcome',
      labelNames: ['command', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  /** Runs a command handler, counting and timing it by outcome; rethrows what it throws. */
  async measureCommand<T>(command: string, handle: () => Promise<T>): Promise<T> {
    const stopTimer = this.commandDuration.startTimer({ command });
    let outcome: CommandOutcome = 'failed';
    try {
      const result = await handle();
      outcome = 'accepted';
      return result;
    } catch (error) {
      if (isRefusal(error)) outcome = 'rejected';
      throw error;
    } finally {
      stopTimer({ outcome });
      this.commandCounter.inc({ command, outcome });
    }
  }

  /**
   * The gauge of this name, created on first call; a second call with other labels is a bug and
   * throws. `collect` (optional) sets its value at each scrape.
   */
  gauge<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    return this.once(
      'gauge',
      name,
      labelNames,
      () =>
        new Gauge<L>({
          name,
          help,
          labelNames,
          registers: [this.registry],
          ...(collect
            ? {
                collect: function (this: Gauge<L>) {
                  return collect(this);
                },
              }
            : {}),
        }),
    );
  }

  /** The counter of this name, created on first call; a second call with other labels is a bug and throws. */
  counter<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Counter<L> {
    return this.once(
      'counter',
      name,
      labelNames,
      () => new Counter<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  /**
   * Adds the metrics `source` answers (prom-client's JSON, e.g. the background thread's
   * registry) to every scrape, until the returned function is called: those this registry has
   * no values of. So the process's own (CPU, memory, file descriptors) stay this thread's, and
   * the relay's and projections' come from the thread that runs them. A thread's own runtime
   * metrics (`nodejs_*`: its event loop's lag, its heap, its GC, its handles) are added beside
   * this thread's, labelled `thread` with the source's name. A source that fails leaves its
   * metrics out of that scrape.
   */
  mergeFrom(source: () => Promise<MetricJson[]>, thread = 'background'): () => void {
    const merged = { source, thread };
    this.merged.add(merged);
    return () => this.merged.delete(merged);
  }

  /** The exposition text of every metric, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    if (this.merged.size === 0)
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    const byName = new Map<string, MetricJson>();
    for (const metric of (await this.registry.getMetricsAsJSON()) as MetricJson[])
      byName.set(metric.name, metric);
    const others = await Promise.all(
      [...this.merged].map(({ source, thread }) =>
        source().then(
          (metrics) => metrics.map((metric) => ({ metric, thread })),
          () => [],
        ),
      ),
    );
    for (const { metric, thread } of others.flat()) {
      const own = byName.get(metric.name);
      if (isPerThread(metric.name))
        byName.set(metric.name, {
          ...(own ?? metric),
          values: [
            ...(own?.values ?? []),
            ...metric.values.map((value) => ({ ...value, labels: { ...value.labels, thread } })),
          ],
        });
      else if (!own?.values.length) byName.set(metric.name, metric);
    }
    const registry = AggregatorRegistry.aggregate([[...byName.values()]]);
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private once<M>(kind: Kind, name: string, labelNames: readonly string[], create: () => M): M {
    const labels = [...labelNames].sort().join(',');
    const existing = this.registered.get(name);
    if (existing !== undefined) {
      if (existing.kind !== kind || existing.labelNames !== labels) {
        throw new Error(
          `Metric ${name} is already a ${existing.kind} with labels [${existing.labelNames}]`,
        );
      }
      return existing.metric as M;
    }
    const metric = create();
    this.registered.set(name, { kind, labelNames: labels, metric });
    return metric;
  }
}

/** A source of metrics merged into each scrape, and the name of the thread it speaks for. */
interface MergedSource {
  readonly source: () => Promise<MetricJson[]>;
  readonly thread: string;
}

/**
 * prom-client's runtime metrics that each thread has its own of (event-loop lag, heap, GC,
 * handles), not the process's (`process_*`) nor the version.
 */
function isPerThread(name: string): boolean {
  return name.startsWith('nodejs_') && name !== 'nodejs_version_info';
}

/**
 * A refusal is an expected answer (4xx): a problem below 500, or a typed error of the domain or
 * a library, which carries a stable string `code` (ZONE.NAME_TAKEN, EVENT_STORE.WRONG_...).
 */
function isRefusal(error: unknown): boolean {
  if (error instanceof ProblemError) return error.status < 500;
  return typeof (error as { code?: unknown } | null)?.code === 'string';
}
