/**
 * Learning and growth records in (学习成长: training hours, a certification, a new skill), from the
 * API and Excel alike, the way metric records come in: the batch is checked whole and stored whole or
 * not at all; (source, externalId) is the record's identity, so a resent batch changes nothing and a
 * resent record with another value or title replaces the stored one, audited.
 */
import { DataSource, In } from 'typeorm';
import { z } from 'zod';
import { writeAudit } from '../audit';
import { Employee, GrowthRecord } from '../entities';
import type { GrowthKind } from '../entities/growth-record.entity';
import { MAX_BATCH_ROWS, toInstant, type IngestContext, type RowError } from '../ingest/records';

/** The kinds as HR writes them; the stored value is on the right. */
export const GROWTH_KIND_WORDS: Record<string, GrowthKind> = {
  training_hours: 'training_hours', 培训学时: 'training_hours', 学时: 'training_hours', 培训: 'training_hours',
  certification: 'certification', 认证: 'certification', 证书: 'certification', 取证: 'certification',
  skill: 'skill', 技能: 'skill', 新技能: 'skill', 技能认定: 'skill',
};

const rowSchema = z.object({
  userid: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  kind: z.string().trim().min(1, '不能为空'),
  value: z.number({ message: '必须是数字' }).finite('必须是有限的数字').positive('必须大于 0').optional(),
  title: z.string().trim().min(1, '不能为空').max(200, '不能超过 200 个字符'),
  occurredAt: z.union([z.string().trim().min(1, '不能为空'), z.date()]),
  source: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  externalId: z.string().trim().min(1, '不能为空').max(128, '不能超过 128 个字符'),
});

type Row = Omit<GrowthRecord, 'id' | 'createdAt'>;

export type GrowthIngestResult = { ok: true; inserted: number; updated: number; unchanged: number } | { ok: false; errors: RowError[] };

export async function ingestGrowthRecords(ds: DataSource, rows: unknown[], ctx: IngestContext): Promise<GrowthIngestResult> {
  if (rows.length === 0) return { ok: false, errors: [{ row: 0, field: 'records', message: '没有任何记录' }] };
  if (rows.length > MAX_BATCH_ROWS) return { ok: false, errors: [{ row: 0, field: 'records', message: `一批最多 ${MAX_BATCH_ROWS} 条，本批 ${rows.length} 条` }] };
  const offset = ctx.rowNumberOffset ?? 0;
  const errors: RowError[] = [];
  const valid: Row[] = [];
  const ids = [...new Set(rows.map((r) => String((r as { userid?: unknown })?.userid ?? '').trim()))];
  const known = new Set((await ds.getRepository(Employee).find({ where: { userId: In(ids) }, select: { userId: true } })).map((e) => e.userId));
  rows.forEach((raw, i) => {
    const row = i + 1 + offset;
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, field: String(issue.path[0] ?? ''), message: issue.message });
      return;
    }
    const d = parsed.data;
    const kind = GROWTH_KIND_WORDS[d.kind];
    const when = toInstant(d.occurredAt, ctx.timeZone);
    const occurredAt = when.ok ? when.instant : null;
    if (!known.has(d.userid)) errors.push({ row, field: 'userid', message: `通讯录中没有员工 ${d.userid}` });
    if (!kind) errors.push({ row, field: 'kind', message: `类型应为 培训学时、认证 或 技能，而不是“${d.kind}”` });
    if (kind === 'training_hours' && d.value === undefined) errors.push({ row, field: 'value', message: '培训学时必须填写学时数' });
    if (!when.ok) errors.push({ row, field: 'occurredAt', message: when.message });
    if (kind && occurredAt && known.has(d.userid) && !(kind === 'training_hours' && d.value === undefined)) {
      valid.push({ userId: d.userid, kind, value: kind === 'training_hours' ? d.value! : 1, title: d.title, occurredAt, source: d.source, externalId: d.externalId });
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  return ds.transaction(async (m) => {
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const seen = new Set<string>();
    for (const r of valid) {
      const key = `${r.source}\u0000${r.externalId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = await m.findOneBy(GrowthRecord, { source: r.source, externalId: r.externalId });
      if (!existing) {
        if (!ctx.dryRun) await m.insert(GrowthRecord, { ...r, createdAt: ctx.now });
        inserted++;
        continue;
      }
      const same = existing.userId === r.userId && existing.kind === r.kind && existing.value === r.value && existing.title === r.title && existing.occurredAt.getTime() === r.occurredAt.getTime();
      if (same) {
        unchanged++;
        continue;
      }
      updated++;
      if (ctx.dryRun) continue;
      await m.update(GrowthRecord, { id: existing.id }, r);
      await writeAudit(
        m,
        {
          actor: ctx.actor, action: 'growth_record.corrected', entity: 'growth_record', entityId: existing.id, subjectUserId: r.userId,
          before: { kind: existing.kind, value: existing.value, title: existing.title, occurredAt: existing.occurredAt }, after: { kind: r.kind, value: r.value, title: r.title, occurredAt: r.occurredAt },
          reason: `来源系统 ${r.source} 重新发送了 ${r.externalId}，按新值更正`,
        },
        ctx.now,
      );
    }
    if (!ctx.dryRun && inserted > 0) {
      await writeAudit(m, { actor: ctx.actor, action: 'growth_records.ingest', entity: 'growth_records', entityId: `${valid[0].source}…(${inserted})`, after: { inserted, updated, unchanged }, reason: '学习成长数据接入' }, ctx.now);
    }
    return { ok: true as const, inserted, updated, unchanged };
  });
}
