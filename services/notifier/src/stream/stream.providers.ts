import type { Provider, Type } from '@nestjs/common';

// The notifier's stream part, as NotifierModule wires it.

export const STREAM_PROVIDERS: Provider[] = [];
export const STREAM_CONTROLLERS: Type[] = [];
