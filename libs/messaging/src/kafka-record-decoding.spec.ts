// kafkajs 2.2.4 spent most of a fetch decoding the records' headers: it rebuilt the headers object
// by spreading it once per header (12 CloudEvents headers: 78 property copies a record), parsed
// the batch's first offset and timestamp into Longs for every record, built a Long per byte of
// each varlong, cut a Buffer for every header name before reading it as a string, and parsed a
// Long per message to drop those below the fetched offset. patches/kafkajs+2.2.4.patch decodes
// the same records to the same values without that work. These tests hold it to what the
// unpatched client returned for the same bytes (recorded from it), and check it is applied.

const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: unknown,
  batch: { firstOffset: string; firstTimestamp: string; magicByte: number },
) => {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
  offset: string;
  timestamp: string;
};

const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta?: number;
  timestampDelta?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[]>;
}) => { buffer: Buffer };

const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => {
  offset: number;
  readVarInt(): number;
  readVarLong(): { toString(): string };
};

const Batch = require('kafkajs/src/consumer/batch') as new (
  topic: string,
  fetchedOffset: string,
  partition: {
    partition: number;
    highWatermark: string;
    abortedTransactions: unknown[];
    messages: { offset: string; key: Buffer | null; isControlRecord: boolean }[];
  },
) => { messages: { offset: string }[] };

// A record the unpatched kafkajs 2.2.4 encoded: offset delta 300, timestamp delta 70000, key
// zone-sip, five CloudEvents headers and a repeated one (many: a, b).
const RECORD =
  'a00300e0c508d804107a6f6e652d7369700e080112037a6f6e0e1c63655f7370656376657273696f6e06312e300a63655f69644830313933663361322d396533302d376136632d386434622d3762326533663461356331300e63655f747970653c7a6f6e656c65646765722e7a6f6e652e76312e5a6f6e6552656e616d65641463655f7375626a6563742e7a6f6e652de88b8fe5b79ee5b7a5e4b89ae59bade58cba18636f6e74656e742d74797065286170706c69636174696f6e2f70726f746f627566086d616e790261086d616e790262';

function decoded(bytes: Buffer, firstOffset: string, firstTimestamp: string) {
  const decoder = new Decoder(bytes);
  decoder.readVarInt(); // the record's length
  return decodeRecord(decoder, { firstOffset, firstTimestamp, magicByte: 2 });
}

describe('kafkajs record decoding (patched)', () => {
  it('reads what the unpatched client read: offset, timestamp, key, value and every header', () => {
    const record = decoded(Buffer.from(RECORD, 'hex'), '1000', '1733400000000');
    expect(record.offset).toBe('1300');
    expect(record.timestamp).toBe('1733400070000');
    expect(record.key?.toString()).toBe('zone-sip');
    expect(Object.keys(record.headers)).toEqual([
      'ce_specversion',
      'ce_id',
      'ce_type',
      'ce_subject',
      'content-type',
      'many',
    ]);
    expect(record.headers.ce_subject.toString()).toBe('zone-苏州工业园区');
    expect(record.headers.ce_id.toString()).toBe('0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10');
    expect((record.headers.many as Buffer[]).map(String)).toEqual(['a', 'b']);
    expect(Buffer.isBuffer(record.headers.ce_type)).toBe(true);
  });

  it('adds offsets and timestamps beyond 2^53 exactly, as the unpatched client did', () => {
    const record = decoded(Buffer.from(RECORD, 'hex'), '9223372036854775000', '9007199254740000');
    expect(record.offset).toBe('9223372036854775300');
    expect(record.timestamp).toBe('9007199254810000');
  });

  it('keeps a header named __proto__ as an own header, not the object’s prototype', () => {
    const headers = Object.create(null) as Record<string, Buffer>;
    headers.__proto__ = Buffer.from('p');
    headers.x = Buffer.from('1');
    const record = decoded(
      encodeRecord({ key: null, value: null, headers }).buffer,
      '0',
      '1733400000000',
    );
    expect(Object.getOwnPropertyNames(record.headers)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(record.headers)).toBe(Object.prototype);
  });

  it('reads varlongs at and beyond the four-byte edge as the unpatched client did', () => {
    // Bytes the unpatched encoder wrote, and the values its decoder read from them.
    const cases: [string, string][] = [
      ['00', '0'],
      ['01', '-1'],
      ['feffff7f', '134217727'],
      ['ffffff7f', '-134217728'],
      ['8080808001', '134217728'],
      ['8180808002', '-268435457'],
      ['8080808010', '2147483648'],
      ['8e8080808002', '34359738375'],
      ['ffffffffff3f', '-1099511627776'],
    ];
    for (const [hex, value] of cases) {
      const decoder = new Decoder(Buffer.from(hex, 'hex'));
      expect(decoder.readVarLong().toString()).toBe(value);
      expect(decoder.offset).toBe(hex.length / 2);
    }
  });

  it('drops the messages below the fetched offset, whatever their size', () => {
    const messages = ['5', '6', '7', '10', '9007199254740993'].map((offset) => ({
      offset,
      key: null,
      isControlRecord: false,
    }));
    const offsets = (fetched: string) =>
      new Batch('t', fetched, {
        partition: 0,
        highWatermark: '11',
        abortedTransactions: [],
        messages,
      }).messages.map((message) => message.offset);
    expect(offsets('0')).toEqual(['5', '6', '7', '10', '9007199254740993']);
    expect(offsets('7')).toEqual(['7', '10', '9007199254740993']);
    expect(offsets('9007199254740992')).toEqual(['9007199254740993']);
  });

  it('is applied: no Buffer is cut for a header’s name', () => {
    const slice = jest.spyOn(Buffer.prototype, 'slice');
    try {
      decoded(Buffer.from(RECORD, 'hex'), '0', '0');
      // The key, the value and the seven header values; not the six names.
      expect(slice).toHaveBeenCalledTimes(9);
    } finally {
      slice.mockRestore();
    }
  });
});
