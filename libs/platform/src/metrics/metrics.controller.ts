import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/auth.decorators';
import { Metrics } from './metrics';

/** Prometheus scrapes /metrics without a token; it holds counts and timings, never data. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res() response: ServerResponse): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    response.setHeader('Content-Type', contentType);
    response.end(body);
  }
}
