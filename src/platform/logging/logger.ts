import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Request lines carry the method, the path without its query string (a
 * location endpoint's query is personal data), the status and the request id,
 * never the client's address, headers or body.
 */
export const requestSerializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    id: req.id,
    method: req.method,
    path: req.url.split('?')[0],
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/** Field names that never reach the logs, wherever they appear in a logged object. */
export const redactedPaths = [
  '*.description',
  '*.contact',
  '*.email',
  '*.phone',
  '*.name',
  '*.address',
  '*.location',
  '*.lat',
  '*.lon',
  '*.password',
  '*.token',
  'headers.cookie',
  'headers.authorization',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      serializers: { ...requestSerializers, err: pino.stdSerializers.err },
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    destination,
  );
}
