/** Request bodies for the JSON API: size-limited, parsed once, with a clear error. */
import type { Context } from 'koa';
import getRawBody from 'raw-body';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export async function readJson(ctx: Context, limit: string): Promise<unknown> {
  if (!ctx.is('application/json')) throw new BodyError(415, '请求体必须是 JSON（Content-Type: application/json）');
  const raw = await readRaw(ctx, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BodyError(400, '请求体不是合法的 JSON');
  }
}

export async function readRaw(ctx: Context, limit: string): Promise<Buffer> {
  try {
    return await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
  } catch (err) {
    if ((err as { status?: number }).status === 413) throw new BodyError(413, `请求体超过 ${limit}`);
    throw new BodyError(400, '无法读取请求体');
  }
}
