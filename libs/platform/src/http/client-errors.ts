import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_JSON, problemTypeFor } from '../problems/problem-details';

/** What Node's HTTP parser refuses before Express runs, as the problem it is. */
const PARSER_PROBLEMS: Readonly<Record<string, { status: number; code: string; detail: string }>> =
  {
    HPE_HEADER_OVERFLOW: {
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
      detail: 'The request line and headers exceed 16 KiB; send long input in a body',
    },
    HPE_URI_TOO_LONG: {
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
      detail: 'The request target is too long; send long input in a body',
    },
  };

const MALFORMED = {
  status: 400,
  code: 'REQUEST.MALFORMED_HTTP',
  detail: 'The request is not well-formed HTTP/1.1',
};

/**
 * Answers requests Node's HTTP parser refuses (a request line or headers over 16 KiB, malformed
 * HTTP) with a problem+json like every other refusal, instead of Node's bare status line.
 */
export function answerParserErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, code, detail } = PARSER_PROBLEMS[error.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify({
      type: problemTypeFor(code),
      title: STATUS_CODES[status],
      status,
      detail,
      code,
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_JSON}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
