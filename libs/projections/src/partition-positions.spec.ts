import { PartitionPositions } from './partition-positions';

const at = (offset: number, partition = 0) => ({
  topic: 'zones',
  partition,
  offset: String(offset),
});

describe('partition positions', () => {
  const noneDeleted = async () => 0n;

  it('accepts the next event, and redelivered ones (they are skipped by their offset)', async () => {
    const positions = new PartitionPositions(noneDeleted);
    expect(await positions.check(at(8), 1, 7n)).toEqual({ inPlace: true });
    expect(await new PartitionPositions(noneDeleted).check(at(3), 1, 7n)).toEqual({
      inPlace: true,
    });
  });

  it('seeks back when Kafka is ahead of the checkpoint, then trusts the partition', async () => {
    const positions = new PartitionPositions(noneDeleted);
    expect(await positions.check(at(20), 2, 7n)).toEqual({ inPlace: false, seekTo: '8' });
    expect(await positions.check(at(9), 2, 7n)).toEqual({ inPlace: true });
  });

  it('checks again after a generation change or a group join', async () => {
    const positions = new PartitionPositions(noneDeleted);
    await positions.check(at(8), 1, 7n);
    expect(await positions.check(at(9), 2, 3n)).toEqual({ inPlace: false, seekTo: '4' });
    positions.forget();
    expect(await positions.check(at(30), 2, 20n)).toEqual({ inPlace: false, seekTo: '21' });
    expect(await positions.check(at(5, 1), 2, -1n)).toEqual({ inPlace: false, seekTo: '0' });
  });

  it('starts an empty checkpoint at the first record that still exists', async () => {
    const positions = new PartitionPositions(async () => 100n);
    expect(await positions.check(at(100), 1, -1n)).toEqual({ inPlace: true });
    expect(await new PartitionPositions(async () => 100n).check(at(150), 1, -1n)).toEqual({
      inPlace: false,
      seekTo: '100',
    });
  });
});
