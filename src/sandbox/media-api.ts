/**
 * media/upload (multipart part `media`) and media/get (§4.5). Media live 3 days by the clock.
 * Size limits are the current ones from secondary copies [?]; the errcodes for size and type
 * problems (40006, 40005) are WeCom global-table codes whose use here is unconfirmed.
 */
import type Router from '@koa/router';
import getRawBody from 'raw-body';
import type { MediaType } from '../wecom/api-types';
import { MEDIA_TTL_MS, randomId, type SimContext } from './sim-context';
import { answer, query } from './sim-http';
import type { StoredMedia } from './sim-state';

const MB = 1024 * 1024;
const LIMITS: Record<MediaType, { maxBytes: number; pattern?: RegExp }> = {
  image: { maxBytes: 10 * MB, pattern: /\.(jpe?g|png)$|^image\/(jpeg|png)$/i },
  voice: { maxBytes: 2 * MB, pattern: /\.amr$|^audio\/amr$/i },
  video: { maxBytes: 10 * MB, pattern: /\.mp4$|^video\/mp4$/i },
  file: { maxBytes: 20 * MB },
};

export function findMedia(sim: SimContext, mediaId: string): StoredMedia | undefined {
  const now = sim.clock().getTime();
  return sim.state.media.find((m) => m.mediaId === mediaId && now - m.createdAt.getTime() < MEDIA_TTL_MS);
}

export function registerMediaApi(router: Router, sim: SimContext): void {
  router.post('/cgi-bin/media/upload', async (ctx) => {
    const type = query(ctx, 'type') as MediaType | undefined;
    const limit = type ? LIMITS[type] : undefined;
    if (!type || !limit) return answer(ctx, 40004, 'invalid media type');
    const contentType = ctx.get('content-type');
    if (!/^multipart\/form-data/i.test(contentType)) return answer(ctx, 41005, 'media data missing');

    let form: FormData;
    try {
      const raw = await getRawBody(ctx.req, { limit: limit.maxBytes + MB });
      form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return answer(ctx, 40006, 'invalid file size or malformed multipart body');
    }
    const part = form.get('media');
    if (part === null || typeof part === 'string') return answer(ctx, 41005, 'media data missing (part name must be "media")');

    const data = Buffer.from(await part.arrayBuffer());
    const filename = part.name || 'media';
    const partType = part.type || 'application/octet-stream';
    if (data.length <= 5 || data.length > limit.maxBytes) return answer(ctx, 40006, `invalid file size ${data.length}`);
    if (limit.pattern && !limit.pattern.test(filename) && !limit.pattern.test(partType)) {
      return answer(ctx, 40005, `invalid file type for ${type}`);
    }
    const media: StoredMedia = { mediaId: randomId(48), type, filename, contentType: partType, data, createdAt: sim.clock() };
    sim.state.media.push(media);
    const createdAt = String(Math.floor(media.createdAt.getTime() / 1000));
    answer(ctx, 0, 'ok', { type, media_id: media.mediaId, created_at: createdAt });
  });

  router.get('/cgi-bin/media/get', (ctx) => {
    const media = findMedia(sim, query(ctx, 'media_id') ?? '');
    if (!media) return answer(ctx, 40007, 'invalid media_id');
    const ascii = media.filename.replace(/[^\x20-\x7e]|"/g, '_');
    ctx.status = 200;
    ctx.set('Content-Type', media.contentType);
    ctx.set('Content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(media.filename)}`);
    ctx.body = media.data;
  });
}
