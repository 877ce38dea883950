import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { fieldErrorsOf } from './validation';

class Merger {
  @IsString() zoneId!: string;
  @IsInt() @Min(1) share!: number;
}

class MergeZones {
  @IsString() survivorId!: string;
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => Merger)
  mergers!: Merger[];
}

describe('fieldErrorsOf', () => {
  it('names nested array fields by path and keeps every failed constraint', () => {
    const command = plainToInstance(MergeZones, {
      survivorId: 7,
      mergers: [
        { zoneId: 'z-1', share: 1 },
        { zoneId: 12, share: 0 },
      ],
    });
    const errors = fieldErrorsOf(validateSync(command));
    expect(errors).toEqual([
      { field: 'survivorId', code: 'isString', message: 'survivorId must be a string' },
      { field: 'mergers[1].zoneId', code: 'isString', message: 'zoneId must be a string' },
      { field: 'mergers[1].share', code: 'min', message: 'share must not be less than 1' },
    ]);
  });

  it('reports an empty array on the array itself', () => {
    const errors = fieldErrorsOf(
      validateSync(plainToInstance(MergeZones, { survivorId: 's', mergers: [] })),
    );
    expect(errors).toEqual([
      {
        field: 'mergers',
        code: 'arrayMinSize',
        message: 'mergers must contain at least 1 elements',
      },
    ]);
  });
});
