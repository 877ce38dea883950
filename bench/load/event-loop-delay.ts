import type { ServiceProcess } from '../../test/service-process.harness';

/**
 * How late each service's event loop ran over a rate's run, in milliseconds (p50, p99, max), from
 * the `nodejs_eventloop_lag_*` gauges of its /metrics, less the 10 ms interval at which
 * prom-client samples the loop (an idle loop shows 0). prom-client starts its histogram afresh
 * at every scrape, so a scrape before the run and one after it give the run's own figures. A
 * read model's projection waits about that long for each of its round trips when the loop is
 * busy.
 */
export interface EventLoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

// The interval of prom-client's monitorEventLoopDelay: each sample holds all of it.
const SAMPLING_MS = 10;

/** Starts every service's delay histogram afresh. */
export async function resetEventLoopDelays(services: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(services.map((service) => service.get('/metrics').then((r) => r.text())));
}

/** Each service's delay since the last scrape, by service name. */
export async function eventLoopDelays(
  services: readonly ServiceProcess[],
): Promise<Record<string, EventLoopDelay>> {
  const entries = await Promise.all(
    services.map(async (service, index) => {
      const text = await service.get('/metrics').then((r) => r.text());
      const name =
        services.filter((other) => other.service === service.service).length > 1
          ? `${service.service}#${index}`
          : service.service;
      return [
        name,
        { p50: lateness(text, 'p50'), p99: lateness(text, 'p99'), max: lateness(text, 'max') },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function lateness(metrics: string, statistic: string): number {
  const gauge = new RegExp(
    `^nodejs_eventloop_lag_${statistic}_seconds(?:\\{[^}]*\\})? (\\S+)$`,
    'm',
  );
  const seconds = gauge.exec(metrics)?.[1];
  if (seconds === undefined) return NaN;
  return Math.max(0, Math.round((Number(seconds) * 1000 - SAMPLING_MS) * 10) / 10);
}
