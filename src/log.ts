import pino, { type Logger } from 'pino';

/**
 * The one logger. Personal data (phone, name, message text) must never reach it: the redact list is a
 * safety net for fields that could slip through in objects we log, not a licence to log them.
 */
export const REDACTED_PATHS = [
  'text', '*.text', 'phone', '*.phone', 'name', '*.name', 'message', '*.message.text',
  'info', '*.info', 'address', '*.address', 'req.headers.authorization', 'authorization',
  'access_token', '*.access_token', 'refresh_token', '*.refresh_token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
