/** The pino root logger. Secrets never reach a log line. */
import pino, { Logger } from 'pino';

export const REDACT_PATHS = [
  'secret',
  'token',
  'encodingAESKey',
  'access_token',
  'accessToken',
  'corpsecret',
  'authorization',
  'password',
  '*.secret',
  '*.token',
  '*.encodingAESKey',
  '*.access_token',
  '*.accessToken',
  '*.corpsecret',
  '*.authorization',
  '*.password',
  'req.headers.authorization',
  'config.wecom.secret',
  'config.wecom.token',
  'config.wecom.encodingAESKey',
];

export type { Logger };

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'perfbot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Query strings may carry access_token or corpsecret; strip them before a URL is logged. */
export function redactUrl(url: string): string {
  return url.replace(/(access_token|corpsecret|secret|code)=[^&]*/gi, '$1=[redacted]');
}
