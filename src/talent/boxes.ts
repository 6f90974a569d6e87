/**
 * The nine boxes (双维九宫格): performance on the horizontal axis, potential on the vertical.
 * Names and default actions follow the mission (明星, 骨干, 潜力股) and common Chinese HR usage for
 * the other six; HR may rename a box and change its action (kept as overrides in the database).
 */

export type Level = 'low' | 'mid' | 'high';

export const LEVEL_LABEL: Record<Level, string> = { low: '低', mid: '中', high: '高' };

/** Box codes name performance then potential: 'hh' = 高业绩高潜力. */
export type BoxCode = `${'l' | 'm' | 'h'}${'l' | 'm' | 'h'}`;

export interface BoxDefinition {
  code: BoxCode;
  performance: Level;
  potential: Level;
  name: string;
  /** Who belongs here, in one phrase. */
  meaning: string;
  /** The default development action; becomes the plan template when a quarter is published. */
  action: string;
}

const L: Record<string, Level> = { l: 'low', m: 'mid', h: 'high' };

export const DEFAULT_BOXES: readonly BoxDefinition[] = [
  box('hh', '明星', '高业绩高潜力', '开通快速晋升通道，安排高管导师'),
  box('mh', '潜力之星', '业绩中等、潜力突出', '安排挑战性任务或轮岗，指定导师'),
  box('lh', '潜力股', '暂时落后但有突破迹象', '制定个人改进计划，每月跟踪进展'),
  box('hm', '核心骨干', '业绩突出、潜力中等', '扩大职责范围，给予专项激励'),
  box('mm', '中坚力量', '业绩与潜力均在中等', '参加岗位技能提升培训'),
  box('lm', '待提升', '潜力中等但业绩偏低', '主管每月面谈，制定绩效改进计划'),
  box('hl', '骨干', '稳定贡献但成长缓慢', '提供专项技能认证补贴'),
  box('ml', '稳定贡献者', '业绩中等、成长信号偏少', '保持岗位，安排岗位技能复训'),
  box('ll', '待改进', '业绩和潜力都偏低', '限期绩效改进计划，到期复评'),
];

function box(code: BoxCode, name: string, meaning: string, action: string): BoxDefinition {
  return { code, performance: L[code[0]], potential: L[code[1]], name, meaning, action };
}

export function boxCodeOf(performance: Level, potential: Level): BoxCode {
  return `${performance[0]}${potential[0]}` as BoxCode;
}

export function isBoxCode(x: string): x is BoxCode {
  return /^[lmh][lmh]$/.test(x);
}

/** HR's names and actions over the defaults. */
export function applyBoxOverrides(overrides: ReadonlyArray<Partial<BoxDefinition> & { code: BoxCode }>): BoxDefinition[] {
  const byCode = new Map(overrides.map((o) => [o.code, o]));
  return DEFAULT_BOXES.map((b) => {
    const o = byCode.get(b.code);
    return o ? { ...b, name: o.name?.trim() || b.name, action: o.action?.trim() || b.action, meaning: o.meaning?.trim() || b.meaning } : { ...b };
  });
}

/** A box by its Chinese name (or code), for chat commands like `调整 @张三 明星 …`. */
export function findBox(boxes: readonly BoxDefinition[], nameOrCode: string): BoxDefinition | undefined {
  const t = nameOrCode.trim();
  return boxes.find((b) => b.name === t || b.code === t.toLowerCase());
}

/** Rank of a box for "moved up / down": performance and potential levels added (0–4). */
export function boxRank(code: BoxCode): number {
  const v = { l: 0, m: 1, h: 2 } as const;
  return v[code[0] as 'l'] + v[code[1] as 'l'];
}
