/** The logging a consumer needs; a pino logger fits as it is. */
export interface MessagingLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Without a logger: warnings and errors as JSON lines on stderr, nothing else. */
export const stderrMessagingLogger: MessagingLogger = {
  info: () => undefined,
  warn: (fields, message) => writeLine('warn', fields, message),
  error: (fields, message) => writeLine('error', fields, message),
};

function writeLine(level: string, fields: object, message: string): void {
  process.stderr.write(`${JSON.stringify({ level, msg: message, ...fields })}\n`);
}
