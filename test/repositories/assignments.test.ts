import type { DataSource } from 'typeorm';
import { AuditEntry, Employee, MetricAssignment } from '../../src/entities';
import { applyRoleTemplates } from '../../src/repositories/assignments';
import { seedKpiLibrary } from '../../src/repositories/metric-library';
import { openTestDatabase } from '../helpers/db';

describe('role templates', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await openTestDatabase();
    await seedKpiLibrary(ds, new Date());
    const base = { mainDepartmentId: 4, departmentIds: [4], leadsDepartmentIds: [], directLeaderIds: ['zhoumin'], status: 1, active: true, source: 'wecom' as const, syncedAt: new Date() };
    await ds.getRepository(Employee).insert([
      { ...base, userId: 'wuhao', name: '吴昊', position: '质检员' },
      { ...base, userId: 'qianyu', name: '钱宇', position: '高级质检员' },
      { ...base, userId: 'mystery', name: '某人', position: '吉祥物' },
      { ...base, userId: 'gone', name: '离职', position: '质检员', active: false },
    ]);
  });
  afterEach(() => ds.destroy());

  it('assigns the 质检员 template with sampling error rate ≤ 0.5% as a floor, and audits it', async () => {
    const r = await applyRoleTemplates(ds, { actor: 'cli', now: new Date() });
    expect(r).toMatchObject({ assigned: 2, skipped: 0, unmatched: ['吉祥物'] });
    const rows = await ds.getRepository(MetricAssignment).findBy({ userId: 'wuhao' });
    expect(rows.find((a) => a.metricCode === 'sampling_error_rate')).toMatchObject({ target: 0.5, floor: true });
    expect(rows.reduce((s, a) => s + a.weight, 0)).toBe(100);
    expect(await ds.getRepository(MetricAssignment).countBy({ userId: 'qianyu' })).toBe(rows.length);
    expect(await ds.getRepository(MetricAssignment).countBy({ userId: 'gone' })).toBe(0);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'assignments.template', subjectUserId: 'wuhao' })).toBe(1);
  });

  it('leaves members who already have metrics alone, and writes nothing on a dry run', async () => {
    const dry = await applyRoleTemplates(ds, { actor: 'cli', now: new Date(), dryRun: true });
    expect(dry.assigned).toBe(2);
    expect(await ds.getRepository(MetricAssignment).count()).toBe(0);
    await applyRoleTemplates(ds, { actor: 'cli', now: new Date() });
    const again = await applyRoleTemplates(ds, { actor: 'cli', now: new Date() });
    expect(again).toMatchObject({ assigned: 0, skipped: 2 });
  });
});
