import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { NO_STREAM, type PostgresEventStore } from '@zoneledger/event-store';
import {
  Actor,
  ETagFromVersion,
  EVENT_STORE,
  IdempotencyKey,
  IfMatch,
  Roles,
  type Principal,
} from '../src';

// The write path as services build it, reduced to one command: a rename appended to the zone's
// stream at the version the client read (If-Match), once per Idempotency-Key.

class RenameZoneDto {
  @IsString() @Length(1, 200) nameEn!: string;
}

@Controller('ledger-probe/zones')
export class LedgerProbeController {
  constructor(@Inject(EVENT_STORE) private readonly store: PostgresEventStore) {}

  @Post(':id/registration')
  @Roles('zone-admin')
  @ETagFromVersion()
  async register(@Param('id') id: string, @Actor() actor: Principal) {
    const result = await this.store.append(
      id,
      NO_STREAM,
      [{ type: 'ZoneRegistered', data: { zoneId: id, nameEn: id, kind: 'ZONE_KIND_ETDZ' } }],
      { streamType: 'zone', metadata: { actor: actor.sub } },
    );
    return { id, version: result.nextExpectedVersion };
  }

  @Post(':id/name')
  @Roles('zone-admin')
  @ETagFromVersion()
  async rename(
    @Param('id') id: string,
    @Body() command: RenameZoneDto,
    @Actor() actor: Principal,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    const result = await this.store.append(
      id,
      expectedVersion ?? 'any',
      [{ type: 'ZoneRenamed', data: { zoneId: id, nameEn: command.nameEn } }],
      { streamType: 'zone', idempotencyKey, metadata: { actor: actor.sub } },
    );
    return { id, version: result.nextExpectedVersion, replayed: result.replayed };
  }
}
