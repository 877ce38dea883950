import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { filterOf, notificationFacts, SubscriptionIndex } from '../domain';
import type { FeedPosition } from './feed-position';
import type { FeedBatch, FeedReader, FeedRow } from './feed-reader';
import { eventFrame, LiveStream, streamEntry, type LiveStreamSettings } from './live-stream';

// A response that accepts `room` writes before asking the writer to wait for 'drain'.
class SlowResponse extends EventEmitter {
  readonly frames: string[] = [];
  writableNeedDrain = false;
  destroyed = false;
  constructor(private room: number) {
    super();
  }
  write(frame: string): boolean {
    this.frames.push(frame);
    this.room -= 1;
    this.writableNeedDrain = this.room <= 0;
    return !this.writableNeedDrain;
  }
  drain(room: number): void {
    this.room = room;
    this.writableNeedDrain = false;
    this.emit('drain');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
  end(callback?: () => void): void {
    this.emit('close');
    callback?.();
  }
}

// A feed of renamed zones, read `batchSize` at a time from whatever position is asked.
class FakeFeed {
  readonly reads: FeedPosition[] = [];
  constructor(private readonly rows: FeedRow[]) {}
  async after(position: FeedPosition, limit: number): Promise<FeedBatch> {
    this.reads.push(position);
    const rest = this.rows.filter(
      (row) =>
        row.position.tx > position.tx ||
        (row.position.tx === position.tx && row.position.seq > position.seq),
    );
    return { rows: rest.slice(0, limit), pending: false };
  }
}

const row = (seq: number, zoneId: string): FeedRow => ({
  position: { tx: 100n, seq: BigInt(seq) },
  facts: notificationFacts('ZoneRenamed', { zoneId }) as FeedRow['facts'],
  cloudEvent: { id: `event-${seq}`, data: { zoneId } },
});

const SETTINGS: LiveStreamSettings = {
  batchSize: 2,
  heartbeatMs: 60_000,
  drainTimeoutMs: 200,
  pendingRetryMs: { first: 10, most: 10 },
};

function streamOf(rows: FeedRow[], room: number) {
  const response = new SlowResponse(room);
  const feed = new FakeFeed(rows);
  const index = new SubscriptionIndex();
  index.add(streamEntry(0), filterOf({ zoneIds: ['wanted'] }));
  const stream = new LiveStream(
    response as unknown as ServerResponse,
    feed as unknown as FeedReader,
    index,
    1,
    { tx: 100n, seq: 0n },
    SETTINGS,
  );
  return { response, feed, stream };
}

describe('a live stream', () => {
  it('sends the rows its filter matches, in order, each once however often it is woken', async () => {
    const rows = [row(1, 'wanted'), row(2, 'other'), row(3, 'wanted'), row(4, 'wanted')];
    const { response, stream } = streamOf(rows, 100);
    stream.wake();
    stream.wake();
    await stream.caughtUp();
    stream.wake();
    await stream.caughtUp();
    expect(response.frames).toEqual([rows[0], rows[2], rows[3]].map(eventFrame));
    expect(response.frames[0]).toBe(
      'id: 100-1\nevent: ZoneRenamed\ndata: {"id":"event-1","data":{"zoneId":"wanted"}}\n\n',
    );
    stream.end();
  });

  it('reads nothing more for a client that does not read, until it drains', async () => {
    const rows = [1, 2, 3, 4, 5, 6].map((seq) => row(seq, 'wanted'));
    const { response, feed, stream } = streamOf(rows, 1);
    stream.wake();
    await new Promise((resolve) => setImmediate(resolve));
    // One write filled the client's buffer: the stream waits, with one batch read.
    expect(response.frames).toHaveLength(1);
    expect(feed.reads).toHaveLength(1);
    stream.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(feed.reads).toHaveLength(1);

    response.drain(100);
    await stream.caughtUp();
    expect(response.frames).toEqual(rows.map(eventFrame));
    stream.end();
  });

  it('drops a client that leaves its buffer full longer than the bound', async () => {
    const { response, stream } = streamOf([row(1, 'wanted'), row(2, 'wanted')], 1);
    const ended = new Promise<void>((resolve) => stream.onEnd(resolve));
    stream.wake();
    await ended;
    expect(response.destroyed).toBe(true);
    expect(stream.ended).toBe(true);
    expect(response.frames).toHaveLength(1);
  });
});

describe('a quiet live stream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes a heartbeat comment while nothing comes, and none to a client that does not read', () => {
    const response = new SlowResponse(100);
    const stream = new LiveStream(
      response as unknown as ServerResponse,
      new FakeFeed([]) as unknown as FeedReader,
      new SubscriptionIndex(),
      1,
      { tx: 1n, seq: 0n },
      { ...SETTINGS, heartbeatMs: 15_000 },
    );
    jest.advanceTimersByTime(14_999);
    expect(response.frames).toEqual([]);
    jest.advanceTimersByTime(30_001);
    expect(response.frames).toEqual([': heartbeat\n\n', ': heartbeat\n\n', ': heartbeat\n\n']);
    response.writableNeedDrain = true;
    jest.advanceTimersByTime(60_000);
    expect(response.frames).toHaveLength(3);
    stream.end();
    response.writableNeedDrain = false;
    jest.advanceTimersByTime(60_000);
    expect(response.frames).toHaveLength(3);
  });
});
