/**
 * Where the outcome figures' raw facts come from: a leave day from a change_contact delete, from
 * the nightly sync and from a 离职日期 import; an OKR item's collaborators and done time from the
 * goal import and from a check-in reaching 100%.
 */
import { Employee, Goal, TagDraft } from '../../src/entities';
import { loadOutcomeData } from '../../src/outcomes/outcome-data';
import { parseRange } from '../../src/outcomes/spans';
import { importFile } from '../../src/import';
import { syncOrg } from '../../src/jobs/org-sync';
import { recordCheckin } from '../../src/repositories/goals';
import { buildInboundXml } from '../../src/wecom/envelope';
import { TEST_WECOM, type Harness } from '../helpers/app';
import { startAt } from '../chat/reviews-helpers';
import { makeXlsx } from '../import/import-helpers';

/** Friday 27 November 2026, 17:00 in Shanghai. */
const NOW = new Date('2026-11-27T09:00:00Z');
const OPTS = { actor: 'user:heping', now: NOW, timeZone: 'Asia/Shanghai' };

describe('the facts behind the outcome figures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt({ now: NOW });
  });
  afterAll(async () => {
    await h.close();
  });
  const employee = (userId: string) => h.ds.getRepository(Employee).findOneByOrFail({ userId });

  it('a change_contact delete records the day the member left', async () => {
    await h.sim.deliverCallback(buildInboundXml({ kind: 'event', event: 'change_contact', changeType: 'delete_user', toUser: TEST_WECOM.corpId, fromUser: 'sys', createTime: Math.floor(NOW.getTime() / 1000), user: { userId: 'fengxue' } }));
    await h.app.settle();
    expect(await employee('fengxue')).toMatchObject({ active: false, leftOn: '2026-11-27' });
  });

  it('the nightly sync records it for a member WeCom no longer lists', async () => {
    h.sim.org.removeUser('sunli');
    await syncOrg(h.ds, h.app.wecom, new Date('2026-11-28T18:30:00Z'), h.app.logger); // 02:30 on the 29th in Shanghai
    expect(await employee('sunli')).toMatchObject({ active: false, leftOn: '2026-11-29' });
  });

  it('the employee import takes a 离职日期 (any past day, for the baseline) and refuses a bad one', async () => {
    const file = await makeXlsx([['工号', '姓名', '部门', '岗位', '离职日期'], ['old01', '老员工', '研发部', '工艺工程师', '2024-03-15'], ['new01', '新员工', '研发部', '工艺工程师', '']]);
    expect(await importFile(h.ds, 'employees', file, '员工.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 2 });
    expect(await employee('old01')).toMatchObject({ active: false, status: 5, leftOn: '2024-03-15' });
    expect(await employee('new01')).toMatchObject({ active: true, leftOn: null });
    const bad = await makeXlsx([['工号', '姓名', '部门', '离职日期'], ['old02', '某人', '研发部', '去年']]);
    const result = await importFile(h.ds, 'employees', bad, '员工.xlsx', OPTS);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain('离职日期');
    expect(await h.ds.getRepository(Employee).findOneBy({ userId: 'old02' })).toBeNull();
  });

  it('the goal import sets collaborators and done time; an unknown collaborator is refused', async () => {
    const header = ['层级', '标题', '负责人工号', '上级目标标题', '周期', '进度%', '协作人工号', '完成时间'];
    const file = await makeXlsx([
      header,
      ['目标', '四季度交付提速', 'liuyang', '', '2026-Q4', 0, '', ''],
      ['关键结果', '新品试产问题闭环', 'chenjing', '四季度交付提速', '2026-11', 100, 'lihua、wuhao', '2026-11-20'],
      ['关键结果', '来料检验标准统一', 'chenjing', '四季度交付提速', '2026-11', 100, 'wuhao', ''],
      ['关键结果', '换线时间缩短', 'yangfan', '四季度交付提速', '2026-11', 40, 'lihua', ''],
    ]);
    expect(await importFile(h.ds, 'goals', file, '目标.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 4 });
    const kr = (title: string) => h.ds.getRepository(Goal).findOneByOrFail({ title });
    expect(await kr('新品试产问题闭环')).toMatchObject({ collaboratorUserIds: ['lihua', 'wuhao'], doneAt: new Date('2026-11-20T00:00:00+08:00') });
    expect((await kr('来料检验标准统一')).doneAt).toEqual(NOW); // imported at 100% without a date: done on import
    expect(await kr('换线时间缩短')).toMatchObject({ collaboratorUserIds: ['lihua'], doneAt: null });

    const bad = await makeXlsx([header, ['关键结果', '另一个', 'chenjing', '四季度交付提速', '2026-11', 0, 'nobody', '']]);
    expect(await importFile(h.ds, 'goals', bad, '目标.xlsx', OPTS)).toEqual({ ok: false, errors: [{ row: 2, column: '协作人工号', message: '未知员工：nobody，请先导入员工或同步通讯录' }] });
  });

  it('a check-in reaching 100% marks the item done, and falling back reopens it', async () => {
    const item = await h.ds.getRepository(Goal).findOneByOrFail({ title: '换线时间缩短' });
    const later = new Date('2026-11-27T10:00:00Z');
    await recordCheckin(h.ds, { goalId: item.id, userId: 'yangfan', progress: 100, note: '完成' }, { actor: 'user:yangfan', now: later });
    expect((await h.ds.getRepository(Goal).findOneByOrFail({ id: item.id })).doneAt).toEqual(later);
    await recordCheckin(h.ds, { goalId: item.id, userId: 'yangfan', progress: 90, note: '返工' }, { actor: 'user:yangfan', now: later });
    expect((await h.ds.getRepository(Goal).findOneByOrFail({ id: item.id })).doneAt).toBeNull();
  });

  it("a tag's time is measured from its card (opened → recorded) once there are 20, cards left open excluded", async () => {
    const draft = (i: number, seconds: number) => ({ authorId: 'lihua', polarity: 'praise' as const, tag: null, note: '', people: ['zhaolei'], createdAt: new Date(NOW.getTime() - 86_400_000 + i * 60_000), recordedAt: new Date(NOW.getTime() - 86_400_000 + i * 60_000 + seconds * 1000), tagId: null });
    const load = () => loadOutcomeData(h.ds, { now: NOW, tz: 'Asia/Shanghai', spans: [parseRange('2026-10', 'Asia/Shanghai')], scope: null, surveys: async () => [] });
    await h.ds.getRepository(TagDraft).insert(Array.from({ length: 19 }, (_, i) => draft(i, i % 2 === 0 ? 10 : 14)));
    await h.ds.getRepository(TagDraft).insert([draft(30, 3600), { ...draft(31, 0), recordedAt: null }]); // an hour: set aside; never recorded
    expect((await load()).measuredMinutes).toEqual({}); // 19 measurements: the estimate stays
    await h.ds.getRepository(TagDraft).insert([draft(40, 12)]);
    // 20 measurements: 10 × 10 s, 12 s, 9 × 14 s; the median is the mean of the 10th and 11th, (10 + 12) / 2 = 11 s.
    const measured = (await load()).measuredMinutes!.tag!;
    expect(measured.n).toBe(20);
    expect(measured.minutes * 60).toBeCloseTo(11, 9);
  });
});
