/**
 * The sandbox's demo factory, shaped like the mission's: about 300 people in 研发, 生产, 质量, 仓储
 * plus 总经办 and 人力资源部, with 部门经理 → 班组长 → 员工 chains, two people with the same name and
 * a few who left. Generated from a seed, so the same seed gives the same org. The 13 hand-written
 * demo accounts (demo-org.ts: lihua, wuhao, wangqiang …) keep their userids, names and positions.
 * Unit tests use the small DEMO_ORG; `npm start` and the browser tests use this one.
 */
import type { WeComUser } from '../wecom/api-types';
import { DEMO_ORG } from './demo-org';
import type { SimOrgSeed } from './sim-org';

export const DEMO_FACTORY_SEED = 20261127;

export const DEPT = { root: 1, rnd: 2, production: 3, quality: 4, warehouse: 5, office: 6, hr: 7 } as const;

/** The name two members share, and the members who left (WeCom status 5) — for the demo's edge cases. */
export const SAME_NAME = '王磊';

/** A small deterministic PRNG (mulberry32): the same seed, the same factory. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES: Array<[string, string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
];
const GIVEN: Array<[string, string]> = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['华', 'hua'], ['建', 'jian'],
  ['国', 'guo'], ['文', 'wen'], ['斌', 'bin'], ['辉', 'hui'], ['鹏', 'peng'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'],
  ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'], ['晨', 'chen'], ['欣', 'xin'], ['佳', 'jia'], ['志', 'zhi'], ['海', 'hai'],
  ['红', 'hong'], ['亮', 'liang'], ['波', 'bo'], ['宁', 'ning'], ['昊', 'hao'], ['帆', 'fan'], ['萍', 'ping'], ['倩', 'qian'],
];

interface Person {
  userid: string;
  name: string;
  dept: number;
  position: string;
  leader: string[];
  isLeader?: boolean;
  left?: boolean;
}

export function buildDemoFactory(seed = DEMO_FACTORY_SEED): SimOrgSeed {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const people: Person[] = [];
  const usedIds = new Set<string>();
  const usedNames = new Set<string>();
  const legacy = new Map(DEMO_ORG.users.map((u) => [u.userid, u]));
  usedNames.add(SAME_NAME); // only the two deliberate ones below carry it
  for (const u of DEMO_ORG.users) {
    usedIds.add(u.userid);
    usedNames.add(u.name);
  }

  /** A fresh name (unique unless `name` is given) and a pinyin userid (a digit added on a clash). */
  const newPerson = (p: Omit<Person, 'userid' | 'name'>, fixedName?: [string, string]): Person => {
    let name = '';
    let pinyin = '';
    for (let tries = 0; tries < 200 && (!name || usedNames.has(name)); tries++) {
      const [sn, sp] = pick(SURNAMES);
      const given = rnd() < 0.45 ? [pick(GIVEN)] : [pick(GIVEN), pick(GIVEN)];
      name = sn + given.map((g) => g[0]).join('');
      pinyin = sp + given.map((g) => g[1]).join('');
    }
    if (fixedName) [name, pinyin] = fixedName;
    usedNames.add(name);
    let userid = pinyin;
    for (let n = 2; usedIds.has(userid); n++) userid = `${pinyin}${n}`;
    usedIds.add(userid);
    const person = { ...p, userid, name };
    people.push(person);
    return person;
  };
  const keep = (userid: string, patch: Partial<Person> = {}): Person => {
    const u = legacy.get(userid)!;
    const person: Person = {
      userid, name: u.name, dept: u.main_department ?? DEPT.root, position: u.position ?? '',
      leader: u.direct_leader ?? [], isLeader: u.is_leader_in_dept[0] === 1, ...patch,
    };
    people.push(person);
    return person;
  };
  const team = (leader: Person, dept: number, position: string, size: number) => {
    for (let i = 0; i < size; i++) newPerson({ dept, position, leader: [leader.userid] });
  };

  // 总经办 and 人力资源部
  const gm = keep('zhangwei', { dept: DEPT.office });
  newPerson({ dept: DEPT.office, position: '副总经理', leader: [gm.userid] });
  newPerson({ dept: DEPT.office, position: '行政专员', leader: [gm.userid] });
  const hrHead = newPerson({ dept: DEPT.hr, position: '人力资源部经理', leader: [gm.userid], isLeader: true });
  keep('heping', { dept: DEPT.hr, leader: [hrHead.userid] });
  team(hrHead, DEPT.hr, 'HR专员', 2);
  newPerson({ dept: DEPT.hr, position: '培训专员', leader: [hrHead.userid] });

  // 研发部: the manager, two process engineers reporting to him, three project teams.
  const rnd0 = keep('liuyang');
  keep('chenjing');
  keep('yangfan');
  team(rnd0, DEPT.rnd, '工艺工程师', 3);
  for (const lead of ['结构设计组长', '电子设计组长', '测试验证组长', '工装夹具组长']) {
    team(newPerson({ dept: DEPT.rnd, position: lead, leader: [rnd0.userid] }), DEPT.rnd, '研发工程师', 8);
  }

  // 生产部: 18 teams; 李华's is the one the README uses (赵磊, 孙丽 first).
  const prod = keep('wangqiang');
  const lihua = keep('lihua');
  keep('zhaolei');
  keep('sunli');
  team(lihua, DEPT.production, '操作工', 3); // five people: the whole team fits on the first praise card
  for (let t = 0; t < 17; t++) {
    const lead = newPerson({ dept: DEPT.production, position: '班组长', leader: [prod.userid] });
    team(lead, DEPT.production, '操作工', 8 + Math.floor(rnd() * 4));
  }

  // 质量部: 吴昊 reports to the manager directly (as in the small org), plus three inspection teams.
  const quality = keep('zhoumin');
  keep('wuhao');
  team(quality, DEPT.quality, '质检员', 2);
  for (let t = 0; t < 4; t++) {
    team(newPerson({ dept: DEPT.quality, position: '质检组长', leader: [quality.userid] }), DEPT.quality, '质检员', 8);
  }

  // 仓储部
  const store = keep('zhengyu');
  keep('fengxue');
  for (let t = 0; t < 3; t++) {
    team(newPerson({ dept: DEPT.warehouse, position: '仓储组长', leader: [store.userid] }), DEPT.warehouse, '仓管员', 7);
  }

  // Edge cases: two 王磊 (an operator and a storekeeper), four who left this quarter.
  const prodLeads = people.filter((p) => p.position === '班组长' && p.userid !== 'lihua');
  const storeLeads = people.filter((p) => p.position === '仓储组长');
  newPerson({ dept: DEPT.production, position: '操作工', leader: [prodLeads[2]!.userid] }, [SAME_NAME, 'wanglei']);
  newPerson({ dept: DEPT.warehouse, position: '仓管员', leader: [storeLeads[0]!.userid] }, [SAME_NAME, 'wanglei']);
  const leavers = [
    ...people.filter((p) => p.position === '操作工' && !legacy.has(p.userid)).slice(20, 22),
    people.find((p) => p.position === '质检员' && !legacy.has(p.userid))!,
    people.find((p) => p.position === '研发工程师')!,
  ];
  leavers.forEach((p) => (p.left = true));

  const users: WeComUser[] = people.map((p) => ({
    userid: p.userid,
    name: p.name,
    department: [p.dept],
    position: p.position,
    is_leader_in_dept: [p.isLeader ? 1 : 0],
    direct_leader: p.leader,
    main_department: p.dept,
    status: p.left ? 5 : 1,
  }));
  return {
    departments: [
      { id: DEPT.root, name: '总公司', name_en: 'HQ', parentid: 0, order: 100000 },
      { id: DEPT.office, name: '总经办', name_en: 'Office', parentid: DEPT.root, order: 6000 },
      { id: DEPT.hr, name: '人力资源部', name_en: 'HR', parentid: DEPT.root, order: 5000 },
      { id: DEPT.rnd, name: '研发部', name_en: 'R&D', parentid: DEPT.root, order: 4000 },
      { id: DEPT.production, name: '生产部', name_en: 'Production', parentid: DEPT.root, order: 3000 },
      { id: DEPT.quality, name: '质量部', name_en: 'Quality', parentid: DEPT.root, order: 2000 },
      { id: DEPT.warehouse, name: '仓储部', name_en: 'Warehouse', parentid: DEPT.root, order: 1000 },
    ],
    users,
  };
}
