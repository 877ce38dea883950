import type { ZoneRegistration } from './register-zone.handler';
import { importedZoneId, importIdempotencyKey } from './zone-import.model';

const suzhou: ZoneRegistration = {
  nameZh: '苏州工业园区',
  nameEn: 'Suzhou Industrial Park',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏',
  city: '苏州',
  approvedOn: { year: 1994 },
};

describe('imported zone ids and idempotency keys', () => {
  it('derives the same id from the Chinese name and level, whatever the rest of the row says', () => {
    const id = importedZoneId(suzhou);
    expect(id).toMatch(/^zone-national-[0-9a-f]{20}$/);
    expect(importedZoneId({ ...suzhou, nameZh: ' 苏州工业园区 ' })).toBe(id);
    expect(importedZoneId({ nameZh: '苏州工业园区', level: 'ZONE_LEVEL_NATIONAL' })).toBe(id);
    expect(importedZoneId({ ...suzhou, level: 'ZONE_LEVEL_PROVINCIAL' })).toMatch(
      /^zone-provincial-/,
    );
    expect(importedZoneId({ ...suzhou, nameZh: '昆山经济技术开发区' })).not.toBe(id);
  });

  it('keys a row by its zone and everything it records, so only the same data replays', () => {
    const id = importedZoneId(suzhou);
    const key = importIdempotencyKey(id, suzhou);
    expect(key).toMatch(new RegExp(`^zone-import:${id}:[0-9a-f]{24}$`));
    expect(key.length).toBeLessThanOrEqual(200);
    expect(
      importIdempotencyKey(id, { ...suzhou, city: ' 苏州 ', approvedOn: { year: 1994, month: 0 } }),
    ).toBe(key);
    expect(importIdempotencyKey(id, { ...suzhou, city: '苏州市' })).not.toBe(key);
    expect(importIdempotencyKey(id, { ...suzhou, approvedOn: undefined })).not.toBe(key);
  });
});
