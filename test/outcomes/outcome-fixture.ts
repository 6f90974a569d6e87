/**
 * The hand-computed case of docs/outcomes.md ("A worked example"): the 13-person demo org plus a
 * few imported engineers and inspectors, with leavers, cross-department key results, suggestions,
 * tags, reviews, appeals and exception claims in 2026-Q1 (the baseline) and 2026-Q3 (the period).
 * Every figure the tests expect is worked out by hand in the doc.
 */
import type { DataSource } from 'typeorm';
import { Appeal, BehaviourTag, Employee, ExceptionClaim, Goal, Suggestion, SupervisorReview } from '../../src/entities';

export const at = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);
const SYNCED = at('2026-11-01 00:00');

function person(userId: string, name: string, dept: number, position: string, leader: string, extra: Partial<Employee> = {}): Employee {
  return { userId, name, mainDepartmentId: dept, departmentIds: [dept], leadsDepartmentIds: [], directLeaderIds: [leader], position, status: 1, active: true, source: 'import', syncedAt: SYNCED, hiredOn: null, leftOn: null, ...extra };
}
const gone = (leftOn: string): Partial<Employee> => ({ active: false, status: 5, leftOn });

export async function seedOutcomeCase(ds: DataSource): Promise<void> {
  await ds.getRepository(Employee).insert([
    ...[1, 2, 3, 4, 5, 6].map((i) => person(`gy${i}`, `工艺${i}`, 2, '工艺工程师', 'liuyang')),
    person('leaver1', '离职甲', 2, '工艺工程师', 'liuyang', gone('2026-02-10')),
    person('leaver2', '离职乙', 4, '质检员', 'zhoumin', gone('2026-03-20')),
    person('leaver3', '离职丙', 2, '工艺工程师', 'liuyang', gone('2026-08-05')),
    person('worker1', '离职丁', 3, '操作工', 'lihua', gone('2026-08-10')),
    person('newqc', '新质检', 4, '质检员', 'zhoumin', { hiredOn: '2026-09-15' }),
  ]);

  let g = 0;
  const kr = (owner: string, collaborators: string[] | null, created: string, done: string | null): Partial<Goal> => ({
    level: 'key_result', title: `协作任务 ${++g}`, ownerUserId: owner, parentId: null, periodKey: created.slice(0, 7), weight: 0,
    progress: done ? 100 : 50, collaboratorUserIds: collaborators, createdAt: at(created), updatedAt: at(done ?? created), doneAt: done ? at(done) : null,
  });
  await ds.getRepository(Goal).insert([
    kr('chenjing', ['lihua'], '2026-01-05 10:00', '2026-01-19 10:00'), // 14 days
    kr('wuhao', ['zhaolei'], '2026-02-02 10:00', '2026-02-18 10:00'), // 16 days
    kr('lihua', ['sunli'], '2026-02-01 10:00', '2026-02-03 10:00'), // same department: not counted
    kr('chenjing', ['wuhao'], '2026-03-01 10:00', '2026-03-13 10:00'), // 12 days
    kr('yangfan', ['fengxue'], '2026-07-06 10:00', '2026-07-14 10:00'), // 8 days
    kr('zhengyu', ['wuhao'], '2026-08-03 10:00', '2026-08-12 22:00'), // 9.5 days
    kr('wuhao', ['chenjing'], '2026-09-28 10:00', null), // still open
    kr('lihua', ['yangfan'], '2026-06-20 10:00', '2026-07-01 10:00'), // 11 days, done in Q3
    kr('sunli', null, '2026-07-01 10:00', '2026-07-03 10:00'), // no collaborators
  ]);

  const suggestion = (day: string, adopted = false): Partial<Suggestion> => ({ userId: 'zhaolei', content: `建议 ${day}`, status: adopted ? 'adopted' : 'open', createdAt: at(`${day} 09:00`) });
  await ds.getRepository(Suggestion).insert([
    suggestion('2026-01-05', true), suggestion('2026-01-12'), suggestion('2026-01-20'), suggestion('2026-02-03'), suggestion('2026-02-17'), suggestion('2026-03-09'),
    ...['07-01', '07-08', '07-15', '07-22'].map((d, i) => suggestion(`2026-${d}`, i < 2)),
    ...['08-03', '08-10', '08-17', '08-24', '08-31'].map((d, i) => suggestion(`2026-${d}`, i < 2)),
    ...['09-01', '09-07', '09-14', '09-21', '09-22', '09-28'].map((d, i) => suggestion(`2026-${d}`, i < 2)),
  ]);

  const tag = (author: string, userId: string, when: string): Partial<BehaviourTag> => ({ userId, authorId: author, polarity: 'praise', tag: '主动加班支援', weight: 3, note: '', createdAt: at(when) });
  await ds.getRepository(BehaviourTag).insert([
    tag('lihua', 'sunli', '2025-12-15 10:00'), // the first record: the system records from here
    tag('lihua', 'zhaolei', '2026-01-06 10:00'), tag('lihua', 'zhaolei', '2026-01-07 10:00'), tag('lihua', 'sunli', '2026-01-13 10:00'), tag('wangqiang', 'lihua', '2026-02-03 10:00'),
    ...['07-06', '07-13', '07-20', '07-27'].flatMap((d) => [tag('lihua', 'zhaolei', `2026-${d} 10:00`), tag('lihua', 'sunli', `2026-${d} 11:00`)]),
    tag('wangqiang', 'lihua', '2026-08-04 10:00'), tag('zhoumin', 'wuhao', '2026-09-08 10:00'),
  ]);
  const review = (userId: string, month: string, when: string): Partial<SupervisorReview> => ({ userId, reviewerId: 'liuyang', periodKey: month, stars: 4, comment: '稳定', createdAt: at(when), updatedAt: at(when) });
  await ds.getRepository(SupervisorReview).insert([review('chenjing', '2026-01', '2026-01-28 10:00'), review('chenjing', '2026-07', '2026-07-28 10:00'), review('yangfan', '2026-07', '2026-07-28 11:00')]);

  const appeal = (userId: string, created: string, status: Appeal['status'], decided: string | null): Partial<Appeal> => ({
    userId, periodKey: created.slice(0, 7), reason: '数据有误', evidence: [], status, handlerId: decided ? 'lihua' : null, decisionNote: null, createdAt: at(created), decidedAt: decided ? at(decided) : null, outcome: null,
  });
  await ds.getRepository(Appeal).insert([
    appeal('zhaolei', '2026-02-10 10:00', 'accepted', '2026-02-11 10:00'), // 24 h
    appeal('sunli', '2026-08-03 10:00', 'rejected', '2026-08-03 16:00'), // 6 h
    appeal('zhaolei', '2026-09-29 10:00', 'pending', null),
    appeal('sunli', '2026-09-30 10:00', 'draft', null), // a draft was never filed
  ]);
  const claim = (userId: string, approver: string, created: string, status: ExceptionClaim['status'], decided: string): Partial<ExceptionClaim> => ({
    userId, kind: '设备故障', metricCodes: ['work_orders_completed'], startAt: at(created), endAt: at(created), note: '停机', evidence: [], status, approverId: approver, decidedAt: at(decided), createdAt: at(created),
  });
  await ds.getRepository(ExceptionClaim).insert([
    claim('sunli', 'lihua', '2026-03-02 09:00', 'approved', '2026-03-02 13:00'), // 4 h
    claim('zhaolei', 'lihua', '2026-03-10 09:00', 'rejected', '2026-03-12 09:00'), // 48 h
    claim('fengxue', 'zhengyu', '2026-09-01 09:00', 'approved', '2026-09-01 11:00'), // 2 h
  ]);
}
