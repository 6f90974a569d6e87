/** Puts the standard KPI library into metric_definitions; definitions already there are left as HR set them. */
import { DataSource, In } from 'typeorm';
import { KPI_LIBRARY } from '../domain/kpi-library';
import { MetricDefinition } from '../entities';

export async function seedKpiLibrary(ds: DataSource, now: Date): Promise<number> {
  const repo = ds.getRepository(MetricDefinition);
  const present = new Set((await repo.find({ where: { code: In(KPI_LIBRARY.map((m) => m.code)) }, select: { code: true } })).map((m) => m.code));
  const missing = KPI_LIBRARY.filter((m) => !present.has(m.code));
  if (missing.length === 0) return 0;
  await repo.insert(
    missing.map((m) => ({
      code: m.code,
      name: m.name,
      department: m.department,
      unit: m.unit,
      direction: m.direction,
      formula: m.formula,
      inputs: m.inputs,
      sourceSystem: m.sourceSystem,
      sourceNote: m.sourceNote,
      suggestedTarget: m.suggestedTarget,
      targetKind: m.targetKind,
      description: m.description,
      builtin: true,
      active: true,
      updatedAt: now,
    })),
  );
  return missing.length;
}
