/**
 * Department weights with an effective date: HR sets them (CLI, Excel, chat), validated and
 * audited; the scoring loader asks which weights were in force for a period (those effective on
 * its first local day).
 */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { formatLocal, type Period } from '../domain/periods';
import { validateWeights } from '../domain/scoring/weights';
import type { ScoringWeights } from '../domain/scoring';
import { Department, DepartmentWeights } from '../entities';
import { ValidationError } from '../wecom/errors';

export type WeightsLookup = (departmentId: number | null) => ScoringWeights | undefined;

/** The weights in force on the period's first day, per department; undefined means 70/20/10. */
export async function loadWeightsInForce(ds: DataSource, period: Period, timeZone: string): Promise<WeightsLookup> {
  const firstDay = formatLocal(period.start, timeZone).slice(0, 10);
  const inForce = new Map<number, DepartmentWeights>();
  for (const w of await ds.getRepository(DepartmentWeights).find({ order: { effectiveFrom: 'ASC' } })) {
    if (w.effectiveFrom <= firstDay) inForce.set(w.departmentId, w);
  }
  return (departmentId) => {
    const w = departmentId === null ? undefined : inForce.get(departmentId);
    return w ? { automatic: w.automatic, review: w.review, collaboration: w.collaboration } : undefined;
  };
}

export interface WeightsChange {
  departmentId: number;
  weights: ScoringWeights;
  /** 'YYYY-MM-DD': the first day the weights apply. */
  effectiveFrom: string;
  actor: string;
  reason?: string;
}

export type WeightsChangeResult = { changed: boolean; department: string; before: ScoringWeights | null };

/**
 * Sets (or replaces) a department's weights from a date, audited with the weights that were in
 * force that day. Setting the same weights again changes nothing.
 */
export async function setDepartmentWeights(ds: DataSource, change: WeightsChange, now: Date): Promise<WeightsChangeResult> {
  validateWeights(change.weights);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(change.effectiveFrom) || Number.isNaN(Date.parse(`${change.effectiveFrom}T00:00:00Z`))) {
    throw new ValidationError('effectiveFrom', `生效日期“${change.effectiveFrom}”无效，应为 2026-12-01 这样的日期`);
  }
  return ds.transaction(async (tx) => {
    const dept = await tx.findOneBy(Department, { id: change.departmentId });
    if (!dept) throw new ValidationError('department', `没有编号为 ${change.departmentId} 的部门`);
    const rows = await tx.find(DepartmentWeights, { where: { departmentId: change.departmentId }, order: { effectiveFrom: 'ASC' } });
    const previous = rows.filter((r) => r.effectiveFrom <= change.effectiveFrom).pop();
    const before = previous ? { automatic: previous.automatic, review: previous.review, collaboration: previous.collaboration } : null;
    const same = rows.find((r) => r.effectiveFrom === change.effectiveFrom);
    const { automatic, review, collaboration } = change.weights;
    if (same && same.automatic === automatic && same.review === review && same.collaboration === collaboration) return { changed: false, department: dept.name, before };
    if (same) await tx.update(DepartmentWeights, { id: same.id }, { automatic, review, collaboration, updatedBy: change.actor.slice(0, 96), updatedAt: now });
    else await tx.insert(DepartmentWeights, { departmentId: change.departmentId, effectiveFrom: change.effectiveFrom, automatic, review, collaboration, updatedBy: change.actor.slice(0, 96), updatedAt: now });
    await writeAudit(
      tx,
      {
        actor: change.actor,
        action: 'department_weights.set',
        entity: 'department_weights',
        entityId: `${change.departmentId}@${change.effectiveFrom}`,
        before,
        after: { department: dept.name, effectiveFrom: change.effectiveFrom, automatic, review, collaboration },
        reason: change.reason ?? `设置部门权重，自 ${change.effectiveFrom} 起生效`,
      },
      now,
    );
    return { changed: true, department: dept.name, before };
  });
}

/** '70/20/10' → weights; the parts need not add up to 100 (they are shares), but must be ≥ 0 with a positive sum. */
export function parseWeightsText(text: string): ScoringWeights {
  const parts = text.normalize('NFKC').trim().split(/\s*[/:,、\s]\s*/).filter(Boolean);
  const nums = parts.map((p) => Number(p.replace(/%$/, '')));
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
    throw new ValidationError('weights', `权重“${text}”应为三个数：自动数据/主管评价/跨部门协作，如 70/20/10`);
  }
  return validateWeights({ automatic: nums[0], review: nums[1], collaboration: nums[2] });
}
