import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import {
  bodyBytes,
  isJsonMediaType,
  requestOf,
  type FuzzCase,
  type RequestClass,
  type RequestParts,
} from './fuzz-request';
import { FORBIDDEN_CHARACTERS, HUGE_TEXT_CHARS, INJECTIONS, INVALID_UTF8 } from './hostile-values';
import type { RequestContext } from './valid-requests.arbitrary';

const OTHER_MEDIA_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'application/jsonx',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'text/csv; charset=shift_jis',
];

// Inflates to 48 MiB of spaces from ~48 KiB: past every body limit, so it must be cut short.
let gzipBomb: Buffer | undefined;
function inflatingBeyondLimits(): Buffer {
  gzipBomb ??= gzipSync(Buffer.alloc(48 * 1024 * 1024, 0x20), { level: 9 });
  return gzipBomb;
}

/**
 * Classes about how a body travels rather than what it says: media types it is not, encodings it
 * does not have, bytes that are not UTF-8, JSON cut short, no body at all; and hostile CSV text.
 */
export function malformedTransport(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const { operation, token } = context;
  if (!operation.body) return [];
  const declared = Object.keys(operation.body.content);
  const send = (
    parts: RequestParts,
    expect: 'refusal' | 'any',
    note: string,
    headers: Record<string, string | undefined> = {},
    body?: Buffer,
  ) => {
    const request = requestOf(operation, parts, { token, expect, note, headers });
    return body === undefined ? request : { ...request, body };
  };
  const classes: RequestClass[] = [
    {
      name: 'body.wrong-content-type',
      malformed: true,
      fixed: (parts) =>
        [...OTHER_MEDIA_TYPES.filter((type) => !declared.includes(type)), undefined].map((type) => [
          send(parts, 'refusal', `Content-Type: ${type ?? '(none)'}`, { 'content-type': type }),
        ]),
    },
    {
      name: 'body.content-encoding',
      malformed: true,
      fixed: (parts) => {
        const plain = bodyBytes(parts) ?? Buffer.alloc(0);
        return [
          [
            send(parts, 'refusal', 'Content-Encoding: gzip on a plain body', {
              'content-encoding': 'gzip',
            }),
          ],
          [
            send(parts, 'refusal', 'Content-Encoding: deflate on a plain body', {
              'content-encoding': 'deflate',
            }),
          ],
          [
            send(parts, 'refusal', 'Content-Encoding: br on a plain body', {
              'content-encoding': 'br',
            }),
          ],
          [
            send(parts, 'refusal', 'Content-Encoding: x-fuzz (unknown)', {
              'content-encoding': 'x-fuzz',
            }),
          ],
          [
            send(
              parts,
              'refusal',
              'gzip, truncated',
              { 'content-encoding': 'gzip' },
              gzipSync(plain).subarray(0, 12),
            ),
          ],
          [
            send(
              parts,
              'refusal',
              'gzip inflating to 48 MiB',
              { 'content-encoding': 'gzip' },
              inflatingBeyondLimits(),
            ),
          ],
          // A real gzip body is a valid request.
          [
            send(
              parts,
              'any',
              'gzip, well formed',
              { 'content-encoding': 'gzip' },
              gzipSync(plain),
            ),
          ],
        ];
      },
    },
  ];
  if (operation.body.required) {
    classes.push({
      name: 'body.missing',
      malformed: true,
      fixed: (parts) => [
        [send({ ...parts, body: undefined }, 'refusal', 'no body, no Content-Type')],
        [send(parts, 'refusal', 'empty body with its Content-Type', {}, Buffer.alloc(0))],
        [send(parts, 'refusal', 'body: null', {}, Buffer.from('null'))],
        [send(parts, 'refusal', 'body: whitespace', {}, Buffer.from('  \r\n '))],
      ],
    });
  }
  classes.push({
    name: 'body.truncated',
    malformed: true,
    arbitrary: valid.chain((parts) => {
      const bytes = bodyBytes(parts) ?? Buffer.alloc(0);
      if (!isJsonMediaType(parts.mediaType ?? '') || bytes.length < 2)
        return fc.constant<FuzzCase>([]);
      return fc.integer({ min: 1, max: bytes.length - 1 }).map((length) => {
        const cut = bytes.subarray(0, length);
        return parsesAsJson(cut)
          ? []
          : [send(parts, 'refusal', `JSON cut after ${length} of ${bytes.length} bytes`, {}, cut)];
      });
    }),
  });
  if (declared.some((type) => !isJsonMediaType(type)))
    classes.push(...hostileTexts(context, valid));
  return classes;
}

/** Hostile text bodies (CSV): characters, bytes and sizes a text parser must survive. */
function hostileTexts(context: RequestContext, valid: fc.Arbitrary<RequestParts>): RequestClass[] {
  const { operation, token } = context;
  const textType =
    Object.keys(operation.body?.content ?? {}).find((type) => !isJsonMediaType(type)) ??
    'text/plain';
  const send = (
    text: string | Buffer,
    expect: 'refusal' | 'any',
    note: string,
    parts: RequestParts,
  ) => ({
    ...requestOf(operation, { ...parts, mediaType: textType, body: '' }, { token, expect, note }),
    body: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
  });
  const sample = (parts: RequestParts) => {
    const text =
      typeof parts.body === 'string'
        ? parts.body
        : 'name_en,name_zh,province,city,approved_year\nA,甲,江苏,苏州市,1994';
    return text;
  };
  const texts = valid.map((parts) => ({ ...parts, text: sample(parts) }));
  return [
    {
      name: 'text.forbidden-characters',
      malformed: true,
      arbitrary: fc
        .tuple(texts, fc.constantFrom(...FORBIDDEN_CHARACTERS), fc.nat())
        .map(([parts, entry, at]) => {
          const index = at % (parts.text.length + 1);
          return [
            send(
              `${parts.text.slice(0, index)}${entry.char}${parts.text.slice(index)}`,
              'any',
              `${textType} holds ${JSON.stringify(entry.char)}`,
              parts,
            ),
          ];
        }),
    },
    {
      name: 'text.invalid-utf8',
      malformed: true,
      arbitrary: fc
        .tuple(texts, fc.constantFrom(...INVALID_UTF8), fc.nat())
        .map(([parts, bytes, at]) => {
          const text = Buffer.from(parts.text, 'utf8');
          const index = at % (text.length + 1);
          const body = Buffer.concat([
            text.subarray(0, index),
            Buffer.from(bytes),
            text.subarray(index),
          ]);
          return [
            send(
              body,
              'refusal',
              `${textType} holds bytes ${Buffer.from(bytes).toString('hex')}`,
              parts,
            ),
          ];
        }),
    },
    {
      name: 'text.huge',
      malformed: true,
      arbitrary: fc
        .tuple(
          texts,
          fc.integer(HUGE_TEXT_CHARS),
          fc.constantFrom('line', 'field', 'rows', 'quote'),
        )
        .map(([parts, size, shape]) => {
          const header = parts.text.split('\n')[0];
          const body =
            shape === 'line'
              ? `${header}\n${'x'.repeat(size)}`
              : shape === 'field'
                ? `${header}\n${'苏'.repeat(size / 3)},甲,江苏,苏州市,1994`
                : shape === 'rows'
                  ? `${header}\n${',,,,\n'.repeat(size / 5)}`
                  : `${header}\n"${'x'.repeat(size)}`;
          return [send(body, 'any', `${textType}: ${shape} of ${size} chars`, parts)];
        }),
    },
    {
      name: 'text.injection',
      malformed: true,
      arbitrary: fc
        .tuple(texts, fc.constantFrom(...INJECTIONS))
        .map(([parts, fragment]) => [
          send(
            `${parts.text.split('\n')[0]}\n${fragment},${fragment},江苏,苏州市,1994`,
            'any',
            `${textType} row of ${JSON.stringify(fragment)}`,
            parts,
          ),
        ]),
    },
  ];
}

function parsesAsJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
