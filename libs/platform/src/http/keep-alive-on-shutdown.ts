import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * When the service stops, no connection is kept alive any more. The server's close waits for
 * every open connection; one kept alive after its last answer would hold it for the whole
 * keep-alive timeout (HTTP_KEEP_ALIVE_TIMEOUT, 65 s), longer than a pod's grace period. So at
 * shutdown the connections with no request in hand close at once, and those answering one close
 * after the answer.
 */
@Injectable()
export class KeepAliveOnShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly sockets = new Set<Socket>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  private get server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }

  onApplicationBootstrap(): void {
    this.server?.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  beforeApplicationShutdown(): void {
    const { server } = this;
    if (!server) return;
    // Read as each response finishes: a connection answered from now on closes after it.
    server.keepAliveTimeout = 1;
    for (const socket of this.sockets) {
      // Between requests (no response attached; Node keeps the one in hand as `_httpMessage`):
      // Node's server destroys it on this timeout. The server's own closeIdleConnections, which
      // its close calls, passes over the connections of streams ended during shutdown (the
      // notifier's): tried, and the close still waited out the keep-alive timeout.
      if (!(socket as Socket & { _httpMessage?: unknown })._httpMessage) socket.setTimeout(1);
    }
  }
}
