/** Shared set-up for the pulse survey tests: an org with departments of 8, 6, 6 and 2 people, clocks the tests move. */
import type { DataSource } from 'typeorm';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { VoteInteractionCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { cardsTo, textsTo } from '../helpers/inbox';
import { isMysql } from '../helpers/db';

export const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);

function member(userid: string, name: string, dept: number, leader = false): WeComUser {
  return { userid, name, department: [dept], position: leader ? '经理' : '员工', is_leader_in_dept: [leader ? 1 : 0], direct_leader: [], main_department: dept, status: 1 };
}

const many = (prefix: string, names: string[], dept: number) => names.map((n, i) => member(`${prefix}${i + 1}`, n, dept));

/** 总公司 2 and 财务部 2 (both join 其他), 生产部 8, 质量部 6, 仓储部 6: 24 people. */
export const SURVEY_ORG: SimOrgSeed = {
  departments: [
    { id: 1, name: '总公司', name_en: 'HQ', parentid: 0, order: 100000 },
    { id: 2, name: '生产部', name_en: 'Production', parentid: 1, order: 3000 },
    { id: 3, name: '质量部', name_en: 'Quality', parentid: 1, order: 2000 },
    { id: 4, name: '仓储部', name_en: 'Warehouse', parentid: 1, order: 1000 },
    { id: 5, name: '财务部', name_en: 'Finance', parentid: 1, order: 500 },
  ],
  users: [
    member('zhangwei', '张伟', 1, true),
    member('heping', '何萍', 1),
    member('wangqiang', '王强', 2, true),
    ...many('p', ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七'], 2),
    member('zhoumin', '周敏', 3, true),
    ...many('q', ['冯一', '陈二', '褚三', '卫四', '蒋五'], 3),
    member('zhengyu', '郑宇', 4, true),
    ...many('w', ['沈一', '韩二', '杨三', '朱四', '秦五'], 4),
    member('f1', '许一', 5, true),
    member('f2', '何二', 5),
  ],
};

export interface SurveyHarness extends Harness {
  setNow(at: Date): void;
  /** Sends a chat message and waits until it is handled and its replies delivered. */
  say(userId: string, text: string): Promise<string>;
  /** Taps the latest survey card's option (or submits without one) and waits. */
  answer(userId: string, optionId: string | null): Promise<string>;
}

export async function startSurveys(at = local('2026-11-30 09:00')): Promise<SurveyHarness> {
  let now = at;
  const clock = () => now;
  const h = await startHarness({
    org: SURVEY_ORG,
    sim: { clock },
    app: { clock },
    env: { PERFBOT_HR_USERIDS: 'heping', WECOM_CALLBACK_MAX_SKEW_S: '0' },
  });
  const lastText = (userId: string) => textsTo(h, userId).at(-1) ?? '';
  return Object.assign(h, {
    setNow: (d: Date) => (now = d),
    async say(userId: string, text: string) {
      const before = textsTo(h, userId).length;
      await h.sim.sendText(userId, text);
      await h.app.settle();
      return textsTo(h, userId).slice(before).join('\n');
    },
    async answer(userId: string, optionId: string | null) {
      const cards = cardsTo<VoteInteractionCard>(h, userId).filter((c) => c.card.card_type === 'vote_interaction');
      const { card, taskId } = cards[cards.length - 1];
      // A second apart, as real taps are: WeCom keys a callback by user and second.
      now = new Date(now.getTime() + 1000);
      await h.sim.tapButton(userId, {
        eventKey: card.submit_button.key,
        taskId,
        selectedItems: optionId ? [{ questionKey: card.checkbox.question_key, optionIds: [optionId] }] : [],
      });
      await h.app.settle();
      return lastText(userId);
    },
  });
}

/** Every row of every table, in the order the database stores it (SQLite rowid order; InnoDB primary key order). */
export async function dumpAll(ds: DataSource): Promise<Record<string, Array<Record<string, unknown>>>> {
  const tables = isMysql()
    ? ((await ds.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name`)) as Array<{ t: string }>)
    : ((await ds.query(`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as Array<{ t: string }>);
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const { t } of tables) {
    out[t] = (await ds.query(isMysql() ? `SELECT * FROM \`${t}\`` : `SELECT rowid AS _rowid_, * FROM "${t}"`)) as Array<Record<string, unknown>>;
  }
  return out;
}

/** A cell as text (dates as ISO, buffers as utf8), for scanning. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** 生产部 7 of 8, 仓储部 5 of 6, 质量部 3 of 6, 其他 (总公司, 财务部) 0 of 4. */
export const ROUND_ANSWERS: Array<[string, number]> = [
  ['wangqiang', 5], ['p1', 5], ['p2', 4], ['p3', 4], ['p4', 3], ['p5', 2], ['p6', 1],
  ['zhengyu', 5], ['w1', 4], ['w2', 4], ['w3', 3], ['w4', 3],
  ['zhoumin', 5], ['q1', 5], ['q2', 1],
];
