/**
 * Typed errors with stable codes. One funnel (the callback endpoint, the bot router, the outbox
 * sender) maps them to an HTTP status, a log line and the user's answer.
 */
export class PerfbotError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The callback's msg_signature is missing or does not match: answered with 401. */
export class SignatureError extends PerfbotError {
  constructor(readonly reason: 'missing' | 'mismatch' | 'timestamp_skew' | 'bad_timestamp') {
    super(`signature_${reason}`, `callback signature rejected: ${reason}`);
  }
}

/** The payload cannot be decrypted, has bad padding or the wrong receive id: answered with 400. */
export class DecryptError extends PerfbotError {
  constructor(readonly reason: 'base64' | 'length' | 'padding' | 'layout' | 'receive_id') {
    super(`decrypt_${reason}`, `callback payload rejected: ${reason}`);
  }
}

/** Malformed or hostile XML (including DOCTYPE/ENTITY declarations): answered with 400. */
export class XmlError extends PerfbotError {
  constructor(readonly reason: string) {
    super('xml_invalid', `callback XML rejected: ${reason}`);
  }
}

/** Invalid input from a user or an integration, naming the field that is wrong. */
export class ValidationError extends PerfbotError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('validation', message);
  }
}

/** A WeCom API call answered with a non-zero errcode (or never answered). */
export class WeComApiError extends PerfbotError {
  constructor(
    readonly method: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wecom_${errcode}`, `WeCom ${method} failed: errcode ${errcode} (${errmsg})`);
  }

  get retryable(): boolean {
    return RETRYABLE_ERRCODES.has(this.errcode);
  }

  /** No answer came (time-out, connection dropped mid-call): WeCom may have acted on the call. */
  get outcomeUnknown(): boolean {
    return this.errcode === TIMEOUT_ERRCODE;
  }

  get tokenInvalid(): boolean {
    return TOKEN_ERRCODES.has(this.errcode);
  }
}

/** errcodes that mean "drop the cached access_token, fetch a new one, retry once". */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/**
 * errcodes worth retrying later: -1 system busy, 45009 rate exceeded, 45033 concurrency exceeded,
 * 45011 API frequency; plus our own pseudo codes for network failures (-2), HTTP 5xx (-3) and
 * time-outs (-4). A time-out is retried blindly only for calls that are safe to repeat (reads,
 * gettoken); for message/send and the like the caller decides (see outcomeUnknown).
 */
export const RETRYABLE_ERRCODES = new Set([-1, -2, -3, -4, 45009, 45011, 45033]);
/** Pseudo errcodes used when WeCom never answered with JSON. -2: the request never reached WeCom (connection refused, DNS). */
export const NETWORK_ERRCODE = -2;
export const HTTP_5XX_ERRCODE = -3;
/** Pseudo errcode: a download (media/get) was larger than the caller allows; not retried. */
export const TOO_LARGE_ERRCODE = -413;
/** The request went out but no answer came in time (or the connection dropped): WeCom may have acted. */
export const TIMEOUT_ERRCODE = -4;

/** A refusal or a correction meant for the person in the chat; its message is Chinese and is sent as is. */
export class UserError extends PerfbotError {
  constructor(message: string) {
    super('user', message);
  }
}
