import { ChangeZoneLevelHandler } from './change-zone-level.handler';
import { ChangeZoneHandler } from './change-zone.handler';
import { ImportZonesHandler } from './import-zones.handler';
import { MergeZonesHandler } from './merge-zones.handler';
import { RegisterZoneHandler } from './register-zone.handler';

/** The zone register's command handlers, for the module's providers. */
export const ZoneCommandHandlers = [
  RegisterZoneHandler,
  ChangeZoneHandler,
  ChangeZoneLevelHandler,
  MergeZonesHandler,
  ImportZonesHandler,
];
