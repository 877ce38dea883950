import { DomainError } from '../problems/problem-error';
import { Metrics } from './metrics';

class RoundClosed extends DomainError {
  readonly code = 'ROUND.CLOSED';
}

describe('Metrics', () => {
  let metrics: Metrics;

  beforeEach(() => {
    metrics = new Metrics({ service: 'assessment-engine' });
  });

  afterEach(() => metrics.onModuleDestroy());

  it('returns the same gauge for the same name, and refuses the name with other labels', () => {
    const lag = metrics.gauge('relay_lag_events', 'Outbox events not yet published', ['topic']);
    expect(metrics.gauge('relay_lag_events', 'Outbox events not yet published', ['topic'])).toBe(
      lag,
    );
    expect(() => metrics.gauge('relay_lag_events', 'Outbox lag', ['partition'])).toThrow(
      /already a gauge/,
    );
    expect(() => metrics.counter('relay_lag_events', 'Outbox lag', ['topic'])).toThrow(
      /already a gauge/,
    );
  });

  it('exposes registered gauges with the service label', async () => {
    metrics
      .gauge('dlq_messages', 'Messages in the dead-letter table', ['consumer'])
      .set({ consumer: 'ranks' }, 3);
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('dlq_messages{consumer="ranks",service="assessment-engine"} 3');
  });

  it("adds another registry's metrics to a scrape, those it has no values of", async () => {
    const thread = new Metrics({ service: 'assessment-engine' });
    try {
      thread.gauge('relay_leader', 'Publishes the outbox').set(1);
      thread.gauge('projection_lag_events', 'Lag', ['projection']).set({ projection: 'ranks' }, 4);
      // Registered here too, with no values: the thread's are the ones that count.
      metrics.gauge('projection_lag_events', 'Lag', ['projection']);
      metrics.gauge('dlq_messages', 'Dead letters').set(2);
      thread.gauge('dlq_messages', 'Dead letters').set(7);
      const stop = metrics.mergeFrom(() => thread.registry.getMetricsAsJSON());

      const { body } = await metrics.scrape();
      expect(body).toContain('relay_leader{service="assessment-engine"} 1');
      expect(body).toContain(
        'projection_lag_events{projection="ranks",service="assessment-engine"} 4',
      );
      // Both have values: this registry's stand.
      expect(body).toContain('dlq_messages{service="assessment-engine"} 2');
      expect(body.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);

      stop();
      expect((await metrics.scrape()).body).not.toContain('relay_leader');
    } finally {
      thread.onModuleDestroy();
    }
  });

  it("adds another thread's runtime metrics beside this thread's, labelled with the thread", async () => {
    const thread = new Metrics({ service: 'assessment-engine' });
    try {
      metrics.mergeFrom(() => thread.registry.getMetricsAsJSON(), 'background');

      const { body } = await metrics.scrape();
      // This thread's loop and heap as before; the other thread's beside them.
      expect(body).toMatch(/^nodejs_eventloop_lag_p99_seconds\{service="assessment-engine"\} /m);
      expect(body).toMatch(
        /^nodejs_eventloop_lag_p99_seconds\{service="assessment-engine",thread="background"\} /m,
      );
      expect(body).toMatch(
        /^nodejs_heap_size_used_bytes\{service="assessment-engine",thread="background"\} \d+/m,
      );
      expect(body).toMatch(
        /^nodejs_heap_space_size_used_bytes\{[^}]*space="old"[^}]*thread="background"[^}]*\} \d+/m,
      );
      // The process's own metrics and the version are the process's, once.
      expect(body).not.toMatch(/^process_[^{]*\{[^}]*thread=/m);
      expect(body).not.toMatch(/^nodejs_version_info\{[^}]*thread=/m);
      expect(body.match(/^# TYPE nodejs_eventloop_lag_p99_seconds /gm)).toHaveLength(1);
    } finally {
      thread.onModuleDestroy();
    }
  });

  it('leaves out of a scrape the metrics of a source that fails', async () => {
    metrics.gauge('dlq_messages', 'Dead letters').set(2);
    metrics.mergeFrom(() => Promise.reject(new Error('the thread did not answer')));
    expect((await metrics.scrape()).body).toContain('dlq_messages{service="assessment-engine"} 2');
  });

  it('counts commands by outcome: accepted, rejected by a rule, failed', async () => {
    await expect(metrics.measureCommand('CloseRound', async () => 'ok')).resolves.toBe('ok');
    await expect(
      metrics.measureCommand('CloseRound', async () => {
        throw new RoundClosed('Round 2024 is already closed');
      }),
    ).rejects.toBeInstanceOf(RoundClosed);
    await expect(
      metrics.measureCommand('CloseRound', async () => {
        throw new Error('connection lost');
      }),
    ).rejects.toThrow('connection lost');

    const counted = await metrics.commandCounter.get();
    const byOutcome = Object.fromEntries(counted.values.map((v) => [v.labels.outcome, v.value]));
    expect(byOutcome).toEqual({ accepted: 1, rejected: 1, failed: 1 });
    const durations = await metrics.commandDuration.get();
    const count = durations.values.find(
      (v) => v.metricName === 'command_duration_seconds_count' && v.labels.outcome === 'accepted',
    );
    expect(count?.value).toBe(1);
  });
});
