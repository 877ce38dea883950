import { projectionsCaughtUp, relayLagOf } from './catch-up';

describe('catching up', () => {
  it("reads the relay's lag from a service's metrics", () => {
    expect(relayLagOf('# HELP x\nzoneledger_relay_lag_events{service="zone-registry"} 12\n')).toBe(
      12,
    );
    expect(relayLagOf('zoneledger_relay_lag_events 0\n')).toBe(0);
    expect(relayLagOf('other_metric 0\n')).toBe(Infinity);
  });

  it('holds only when every named projection runs with nothing left', () => {
    const answer = {
      projections: {
        a: { state: 'running', lag: 0 },
        b: { state: 'running', lag: 3 },
        c: { state: 'rebuilding', lag: 0 },
      },
    };
    expect(projectionsCaughtUp(answer, ['a'])).toBe(true);
    expect(projectionsCaughtUp(answer, ['a', 'b'])).toBe(false);
    expect(projectionsCaughtUp(answer, ['c'])).toBe(false);
    expect(projectionsCaughtUp(answer, ['missing'])).toBe(false);
  });
});
