import type { Message } from 'kafkajs';

// kafkajs 2.2.4 spent most of a send encoding the CloudEvents headers: a 512-byte zero-filled
// Encoder per header and a Buffer per varint. patches/kafkajs+2.2.4.patch (applied by
// patch-package after every install) writes them in place in one buffer sized up front, copies
// short ASCII strings itself, writes a 32-bit timestamp delta without BigInts, and makes the
// rest of a send cheaper without changing a byte or a partition: murmur2 in 32-bit arithmetic,
// CRC-32C eight bytes at a time, messages grouped per partition without copying lists. These
// tests hold it to the bytes and partitions the unpatched client gave, and check it is applied.

const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta?: number;
  timestampDelta?: number;
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, Buffer | Buffer[]>;
}) => { buffer: Buffer };

const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: unknown,
  batch: { firstOffset: string; firstTimestamp: string; magicByte: number },
) => {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer | Buffer[]>;
  offset: string;
};

const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (request: {
  acks: number;
  timeout: number;
  compression: number;
  producerId: number;
  producerEpoch: number;
  topicData: {
    topic: string;
    partitions: { partition: number; firstSequence: number; messages: Message[] }[];
  }[];
}) => { encode(): Promise<{ buffer: Buffer }> };

const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (
  buffer: Buffer,
) => number;

const groupMessagesPerPartition =
  require('kafkajs/src/producer/groupMessagesPerPartition') as (args: {
    topic: string;
    partitionMetadata: unknown[];
    messages: Message[];
    partitioner: (args: { message: Message }) => number;
  }) => Record<string, Message[]>;

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
      // Unpatched: one per varint and varlong, 20 for this record.
      expect(from).not.toHaveBeenCalled();
    } finally {
      from.mockRestore();
    }
  });

  it('writes timestamp deltas beyond 32 bits and at their edge as the unpatched client did', () => {
    const bare = { key: Buffer.from('k'), value: Buffer.from('v'), headers: {} };
    const far = encodeRecord({ ...bare, offsetDelta: 5, timestampDelta: 2 ** 33 + 5 });
    const least = encodeRecord({ ...bare, offsetDelta: 1, timestampDelta: -(2 ** 31) });
    expect(far.buffer.toString('hex')).toBe('18008a808080400a026b027600');
    expect(least.buffer.toString('hex')).toBe('1800ffffffff0f02026b027600');
  });
});

// Written by the unpatched kafkajs 2.2.4 for the same request (Date.now fixed): a record batch of
// a keyed record with headers (a multi-byte one, a repeated one), one with a header value longer
// than the ASCII fast path, and one without key, with its CRC-32C.
const UNPATCHED_PRODUCE_REQUEST =
  'ffffffff000075300000000100057a6f6e657300000001000000020000012600000000000000000000011a0000000002005cb03e0000000000020000019af0f54c180000019af0f553e8000000000000000700010000002900000003f80100d00f00107a6f6e652d7369700e080112037a6f6e0a1c63655f7370656376657273696f6e06312e301463655f7375626a6563742e7a6f6e652de88b8fe5b79ee5b7a5e4b89ae59bade58cba18636f6e74656e742d74797065286170706c69636174696f6e2f70726f746f627566086d616e790261086d616e790262b6010000020c7a6f6e652d620278020a63655f69648c01787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878781a00a01f04010c6e6f206b657900';

describe('kafkajs produce request (patched)', () => {
  it('writes the bytes the unpatched client wrote, CRC-32C included', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1764979200000);
    try {
      const messages: Message[] = [
        {
          key: 'zone-sip',
          value: Buffer.from([8, 1, 18, 3, 122, 111, 110]),
          headers: {
            ce_specversion: '1.0',
            ce_subject: 'zone-苏州工业园区',
            'content-type': 'application/protobuf',
            many: ['a', Buffer.from('b')],
          },
        },
        {
          key: Buffer.from('zone-b'),
          value: Buffer.from('x'),
          headers: { ce_id: 'x'.repeat(70) },
          timestamp: '1764979199000',
        },
        { key: null, value: Buffer.from('no key'), timestamp: '1764979201000' },
      ];
      const request = await produceRequest({
        acks: -1,
        timeout: 30000,
        compression: 0,
        producerId: 7,
        producerEpoch: 1,
        topicData: [
          { topic: 'zones', partitions: [{ partition: 2, firstSequence: 41, messages }] },
        ],
      }).encode();
      expect(request.buffer.toString('hex')).toBe(UNPATCHED_PRODUCE_REQUEST);
    } finally {
      now.mockRestore();
    }
  });

  it('computes CRC-32C as the byte-at-a-time definition does, at every length and offset', () => {
    // The reflected Castagnoli polynomial, one bit at a time: slow, and obviously right.
    const reference = (bytes: Buffer) => {
      let crc = 0xffffffff;
      for (const byte of bytes) {
        crc ^= byte;
        for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283); // the standard check value
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff));
    for (let length = 0; length <= 40; length += 1)
      for (let offset = 0; offset < 9; offset += 1) {
        const slice = bytes.subarray(offset, offset + length);
        expect(crc32C(slice)).toBe(reference(slice));
      }
    expect(crc32C(bytes)).toBe(reference(bytes));
  });

  it('hashes keys as the Java client does (murmur2), so keys keep their partitions', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
    // Keys of every length mod 4, and bytes with the high bit set.
    expect(murmur2('zone-苏州工业园区')).toBe(2131972439);
    expect(murmur2(Buffer.from([0xff, 0x80, 0x7f, 0x00, 0xfe]))).toBe(-1958495739);
  });

  it('groups messages per partition in their order', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ key: String(i), value: null }));
    const grouped = groupMessagesPerPartition({
      topic: 'zones',
      partitionMetadata: [{}, {}, {}],
      messages,
      partitioner: ({ message }) => Number(message.key) % 3,
    });
    expect(Object.keys(grouped)).toEqual(['0', '1', '2']);
    expect(grouped[0].map((m) => m.key)).toEqual(['0', '3', '6', '9']);
    expect(grouped[2].map((m) => m.key)).toEqual(['2', '5', '8']);
  });
});
