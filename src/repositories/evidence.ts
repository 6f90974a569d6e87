/**
 * Evidence files (images, files, voice, video) a member sends for an appeal or an exception
 * declaration: downloaded through media/get (media_ids live 3 days), stored under
 * `${dataDir}/evidence/<folder>/<id>/`, and listed on the row. A file is written whole (temp file,
 * then rename) and removed again when it cannot be attached, so nothing is left half-stored.
 * Limits: EVIDENCE_MAX_FILES per row, EVIDENCE_MAX_BYTES per file; every path stays inside dataDir.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { Appeal, ExceptionClaim } from '../entities';
import type { DownloadedMedia } from '../wecom/api-types';
import { MEDIA_MAX_BYTES } from '../wecom/client';
import { TOO_LARGE_ERRCODE, UserError, WeComApiError } from '../wecom/errors';
import type { InboundMessage } from '../wecom/inbound';

export interface EvidenceFile {
  mediaId: string;
  filename: string;
  /** Relative to the data directory, e.g. evidence/appeals/12/7300…-photo.jpg. */
  storedPath: string;
  contentType?: string;
  size?: number;
  /** A written statement sent in the evidence window (no file: storedPath is ''). */
  text?: string;
}

export type MediaMessage = Extract<InboundMessage, { kind: 'image' | 'file' | 'voice' | 'video' }>;

export function isMediaMessage(msg: InboundMessage): msg is MediaMessage {
  return msg.kind === 'image' || msg.kind === 'file' || msg.kind === 'voice' || msg.kind === 'video';
}

const DEFAULT_EXT: Record<MediaMessage['kind'], string> = { image: '.jpg', file: '', voice: '.amr', video: '.mp4' };

export const FETCH_FAILED = '无法获取您发送的文件（可能已过期或已撤回），未保存。请重新发送一次。';

/** At most this many files per appeal or exception declaration. */
export const EVIDENCE_MAX_FILES = 10;
/** At most this large a file (WeCom's own limit for files; images and videos are smaller). */
export const EVIDENCE_MAX_BYTES = MEDIA_MAX_BYTES;
export const TOO_MANY_FILES = `每份申诉或异常申报最多保存 ${EVIDENCE_MAX_FILES} 份材料，已达上限，这份未保存。如需更换，请联系审批人。`;
export const FILE_TOO_LARGE = `文件超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，未保存。请压缩或拆分后再发送。`;

/** A file name safe on any disk: letters, digits, CJK, dot, dash and underscore; at most 80 characters. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').replace(/^\.+/, '_');
  return (cleaned || 'file').slice(-80);
}

export interface EvidenceTarget {
  entity: typeof Appeal | typeof ExceptionClaim;
  id: number;
  /** 'appeals' | 'exceptions' */
  folder: string;
}

export type AttachResult =
  | { status: 'attached'; file: EvidenceFile; count: number }
  | { status: 'duplicate'; count: number }
  | { status: 'closed' };

interface Deps {
  ds: DataSource;
  dataDir: string;
  log: Logger;
  getMedia(mediaId: string, maxBytes?: number): Promise<DownloadedMedia>;
}

/**
 * Downloads the message's media and attaches it to a pending appeal or claim. 'closed' when the
 * row is no longer pending; a download failure throws a UserError (nothing stored).
 */
export async function attachEvidence(deps: Deps, target: EvidenceTarget, msg: MediaMessage): Promise<AttachResult> {
  const repo = deps.ds.getRepository(target.entity);
  const row = await repo.findOneBy({ id: target.id });
  if (!row || row.status !== 'pending') return { status: 'closed' };
  if (row.evidence.some((e) => e.mediaId === msg.mediaId)) return { status: 'duplicate', count: row.evidence.length };
  if (row.evidence.length >= EVIDENCE_MAX_FILES) throw new UserError(TOO_MANY_FILES);

  let media: DownloadedMedia;
  try {
    media = await deps.getMedia(msg.mediaId, EVIDENCE_MAX_BYTES);
  } catch (err) {
    deps.log.warn({ err, mediaId: msg.mediaId }, 'could not download evidence');
    if (err instanceof WeComApiError && err.errcode === TOO_LARGE_ERRCODE) throw new UserError(FILE_TOO_LARGE);
    throw new UserError(FETCH_FAILED);
  }
  if (media.data.length > EVIDENCE_MAX_BYTES) throw new UserError(FILE_TOO_LARGE);
  const filename = media.filename || `${msg.kind}-${msg.msgId}${DEFAULT_EXT[msg.kind]}`;
  const storedPath = path.posix.join('evidence', target.folder, String(target.id), `${msg.msgId}-${safeFilename(filename)}`);
  const absolute = evidenceAbsolutePath(deps.dataDir, { storedPath });
  await fs.mkdir(path.dirname(absolute), { recursive: true });
  try {
    await fs.writeFile(`${absolute}.part`, media.data);
    await fs.rename(`${absolute}.part`, absolute);
  } catch (err) {
    await fs.rm(`${absolute}.part`, { force: true });
    throw err;
  }

  const file: EvidenceFile = { mediaId: msg.mediaId, filename, storedPath, contentType: media.contentType, size: media.data.length };
  try {
    const count = await appendEvidence(deps.ds, target, file);
    if (count === null) {
      await fs.rm(absolute, { force: true });
      return { status: 'closed' };
    }
    return { status: 'attached', file, count };
  } catch (err) {
    await fs.rm(absolute, { force: true });
    throw err;
  }
}

/**
 * Appends to the row's evidence list while it is pending: an optimistic update on the stored JSON,
 * retried when another message changed it meanwhile. The new count, or null when not pending.
 */
async function appendEvidence(ds: DataSource, target: EvidenceTarget, file: EvidenceFile): Promise<number | null> {
  const table = ds.getMetadata(target.entity).tableName;
  for (let attempt = 0; attempt < 8; attempt++) {
    const raw = (await ds
      .createQueryBuilder()
      .select('t.evidence', 'evidence')
      .addSelect('t.status', 'status')
      .from(table, 't')
      .where('t.id = :id', { id: target.id })
      .getRawOne()) as { evidence: string; status: string } | undefined;
    if (!raw || raw.status !== 'pending') return null;
    const list = JSON.parse(raw.evidence || '[]') as EvidenceFile[];
    if (list.some((e) => e.mediaId === file.mediaId)) return list.length;
    if (list.length >= EVIDENCE_MAX_FILES) throw new UserError(TOO_MANY_FILES); // several files arrived at once
    const next = [...list, file];
    const res = await ds
      .createQueryBuilder()
      .update(target.entity)
      .set({ evidence: next as never })
      .where('id = :id AND status = :pending AND evidence = :old', { id: target.id, pending: 'pending', old: raw.evidence })
      .execute();
    if (res.affected === 1) return next.length;
  }
  throw new Error(`evidence of ${target.folder} ${target.id} kept changing; giving up`);
}

/** The file's place on disk; refuses (throws) any stored path that would lead outside the data directory. */
export function evidenceAbsolutePath(dataDir: string, file: Pick<EvidenceFile, 'storedPath'>): string {
  const root = path.resolve(dataDir);
  const absolute = path.resolve(root, file.storedPath);
  if (!absolute.startsWith(`${root}${path.sep}`)) throw new Error(`evidence path ${JSON.stringify(file.storedPath)} leaves the data directory`);
  return absolute;
}

/** A text message sent in the evidence window, kept as evidence (a written statement). Null when closed. */
export async function attachTextEvidence(ds: DataSource, target: EvidenceTarget, msg: { msgId: string; text: string }): Promise<number | null> {
  return appendEvidence(ds, target, { mediaId: `text:${msg.msgId}`, filename: '文字说明', storedPath: '', text: msg.text.slice(0, 2000) });
}
