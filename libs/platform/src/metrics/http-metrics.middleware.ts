import type { ServerResponse } from 'node:http';
import type { PlatformRequest } from '../http/platform-request';
import type { Metrics } from './metrics';

/** Route label of requests no route handled (404s, bodies refused before routing). */
const UNMATCHED = 'unmatched';

/**
 * Counts and times every response, including those refused before any handler ran (bad
 * bodies, unknown routes, missing tokens). The route label is the route's template, never
 * the raw path, so ids do not explode the series.
 */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (request: PlatformRequest, response: ServerResponse, next: () => void): void => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const template = request.route?.path;
      const labels = {
        method: request.method ?? 'UNKNOWN',
        route: typeof template === 'string' ? template : UNMATCHED,
        status: String(response.statusCode),
      };
      metrics.httpRequests.inc(labels);
      stopTimer(labels);
    });
    next();
  };
}
