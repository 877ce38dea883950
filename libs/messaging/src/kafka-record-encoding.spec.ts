// kafkajs 2.2.4 spent most of a send encoding the CloudEvents headers: a 512-byte zero-filled
// Encoder per header and a Buffer per varint. patches/kafkajs+2.2.4.patch (applied by
// patch-package after every install) writes them in place in one buffer sized up front. These
// tests hold it to the bytes the unpatched client wrote, and check that it is applied.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta?: number;
  timestampDelta?: number;
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, Buffer | Buffer[]>;
}) => { buffer: Buffer };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: unknown,
  batch: { firstOffset: string; firstTimestamp: string; magicByte: number },
) => {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer | Buffer[]>;
  offset: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => {
  readVarInt(): number;
};

const HEADERS = {
  ce_specversion: Buffer.from('1.0'),
  ce_id: Buffer.from('0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10'),
  ce_type: Buffer.from('zoneledger.zone.v1.ZoneRenamed'),
  ce_subject: Buffer.from('zone-苏州工业园区'),
  'content-type': Buffer.from('application/protobuf'),
  many: [Buffer.from('a'), Buffer.from('b')],
};

// Written by the unpatched kafkajs 2.2.4 for the same records.
const UNPATCHED_WITH_HEADERS =
  'a00300e0c508d804107a6f6e652d7369700e080112037a6f6e0e1c63655f7370656376657273696f6e06312e300a63655f69644830313933663361322d396533302d376136632d386434622d3762326533663461356331300e63655f747970653c7a6f6e656c65646765722e7a6f6e652e76312e5a6f6e6552656e616d65641463655f7375626a6563742e7a6f6e652de88b8fe5b79ee5b7a5e4b89ae59bade58cba18636f6e74656e742d74797065286170706c69636174696f6e2f70726f746f627566086d616e790261086d616e790262';
const UNPATCHED_BARE = '0e00000001027800';

describe('kafkajs record encoding (patched)', () => {
  const record = () =>
    encodeRecord({
      offsetDelta: 300,
      timestampDelta: 70000,
      key: Buffer.from('zone-sip'),
      value: Buffer.from([8, 1, 18, 3, 122, 111, 110]),
      headers: HEADERS,
    }).buffer;

  it('writes the bytes the unpatched client wrote', () => {
    expect(record().toString('hex')).toBe(UNPATCHED_WITH_HEADERS);
    expect(
      encodeRecord({ key: null, value: Buffer.from('x'), headers: {} }).buffer.toString('hex'),
    ).toBe(UNPATCHED_BARE);
  });

  it('reads back with the client’s own decoder: key, value and every header', () => {
    const decoder = new Decoder(record());
    const length = decoder.readVarInt(); // the record batch reads each record's length first
    expect(length).toBe(record().length - 2);
    const decoded = decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '0', magicByte: 2 });
    expect(decoded.key?.toString()).toBe('zone-sip');
    expect([...decoded.value]).toEqual([8, 1, 18, 3, 122, 111, 110]);
    expect(decoded.headers.ce_subject.toString()).toBe('zone-苏州工业园区');
    expect((decoded.headers.many as Buffer[]).map(String)).toEqual(['a', 'b']);
  });

  it('is applied: no Buffer is made per header or varint', () => {
    const key = Buffer.from('zone-sip');
    const value = Buffer.from([8, 1, 18, 3, 122, 111, 110]);
    const from = jest.spyOn(Buffer, 'from');
    try {
      encodeRecord({ offsetDelta: 300, timestampDelta: 70000, key, value, headers: HEADERS });
      // One is left: the timestamp's varlong (unpatched: one per varint, 20 for this record).
      expect(from).toHaveBeenCalledTimes(1);
    } finally {
      from.mockRestore();
    }
  });
});
