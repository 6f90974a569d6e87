/**
 * Answer helpers that mimic WeCom's wire habits: HTTP 200 with {errcode, errmsg, …} for every
 * business outcome, errmsg carrying a hint and the query-tool link as the real API does.
 */
import type { Context } from 'koa';
import getRawBody from 'raw-body';

export type Json = Record<string, unknown>;

const MAX_JSON_BYTES = 2 * 1024 * 1024;

export function answer(ctx: Context, errcode: number, errmsg = 'ok', extra: Json = {}): void {
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = { errcode, errmsg: formatErrmsg(errcode, errmsg), ...extra };
}

function formatErrmsg(errcode: number, errmsg: string): string {
  if (errcode === 0) return 'ok';
  const hint = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return `${errmsg}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** The JSON body, or null after answering 47001 (WeCom's "JSON/XML parse error"). */
export async function readJson(ctx: Context): Promise<Json | null> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: MAX_JSON_BYTES, encoding: 'utf8' });
  } catch {
    answer(ctx, 44002, 'empty post data or body too large');
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // fall through to the WeCom answer
  }
  answer(ctx, 47001, 'data format error');
  return null;
}

/** One query parameter as a string (the first, if repeated). */
export function query(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}
