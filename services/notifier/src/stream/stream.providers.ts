import type { Provider, Type } from '@nestjs/common';
import { FeedPruner } from './feed-pruner';
import { FeedReader } from './feed-reader';
import { DEFAULT_STREAM_SETTINGS, STREAM_SETTINGS, StreamHub } from './stream-hub';
import { StreamHttpController } from './stream.http.controller';

// The notifier's stream part, as NotifierModule wires it: GET /v1/stream, the feed's listener,
// reader and pruner.

export const STREAM_PROVIDERS: Provider[] = [
  { provide: STREAM_SETTINGS, useValue: DEFAULT_STREAM_SETTINGS },
  FeedReader,
  FeedPruner,
  StreamHub,
];
export const STREAM_CONTROLLERS: Type[] = [StreamHttpController];
