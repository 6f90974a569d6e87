/**
 * The demo org: a precision-parts factory in miniature (a ~300-person company cut down to 13), so
 * `npm start` without credentials has leaders, teams and positions to work with.
 */
import type { WeComUser } from '../wecom/api-types';
import type { SimOrgSeed } from './sim-org';

const D = { root: 1, rnd: 2, production: 3, quality: 4, warehouse: 5 } as const;

function member(
  userid: string,
  name: string,
  dept: number,
  position: string,
  directLeader: string[],
  isLeader = false,
): WeComUser {
  return {
    userid,
    name,
    department: [dept],
    position,
    is_leader_in_dept: [isLeader ? 1 : 0],
    direct_leader: directLeader,
    main_department: dept,
    status: 1,
  };
}

export const DEMO_ORG: SimOrgSeed = {
  departments: [
    { id: D.root, name: '总公司', name_en: 'HQ', parentid: 0, order: 100000 },
    { id: D.rnd, name: '研发部', name_en: 'R&D', parentid: D.root, order: 4000 },
    { id: D.production, name: '生产部', name_en: 'Production', parentid: D.root, order: 3000 },
    { id: D.quality, name: '质量部', name_en: 'Quality', parentid: D.root, order: 2000 },
    { id: D.warehouse, name: '仓储部', name_en: 'Warehouse', parentid: D.root, order: 1000 },
  ],
  users: [
    member('zhangwei', '张伟', D.root, '总经理', [], true),
    member('heping', '何萍', D.root, 'HR专员', ['zhangwei']),
    member('liuyang', '刘洋', D.rnd, '研发部经理', ['zhangwei'], true),
    member('chenjing', '陈静', D.rnd, '工艺工程师', ['liuyang']),
    member('yangfan', '杨帆', D.rnd, '工艺工程师', ['liuyang']),
    member('wangqiang', '王强', D.production, '生产部经理', ['zhangwei'], true),
    member('lihua', '李华', D.production, '班组长', ['wangqiang']),
    member('zhaolei', '赵磊', D.production, '操作工', ['lihua']),
    member('sunli', '孙丽', D.production, '操作工', ['lihua']),
    member('zhoumin', '周敏', D.quality, '质量部经理', ['zhangwei'], true),
    member('wuhao', '吴昊', D.quality, '质检员', ['zhoumin']),
    member('zhengyu', '郑宇', D.warehouse, '仓储主管', ['zhangwei'], true),
    member('fengxue', '冯雪', D.warehouse, '仓管员', ['zhengyu']),
  ],
};
