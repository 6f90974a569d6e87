/**
 * For a message no command took: the command the person most likely meant, from a table of the
 * words factory staff use (查分, 我的绩效, 夸一下 …) and, failing that, the closest command name
 * by edit distance. Pure.
 */
import { normalizeText } from './text';

/** Everyday words → the command that does it. Checked as prefixes of the message. */
export const SYNONYMS: Record<string, string[]> = {
  查询: ['查分', '查成绩', '查绩效', '我的绩效', '我的成绩', '我的分数', '我的得分', '成绩', '分数', '得分', '绩效', '查看成绩', '看成绩', '成绩单', '查一下', '多少分', '考核', '看分'],
  表扬: ['表彰', '夸', '夸奖', '点赞', '赞', '奖励', '好评', '感谢'],
  提醒: ['批评', '警告', '提示', '督促'],
  申诉: ['投诉', '不服', '异议', '复核', '申述', '分数不对', '分不对', '算错'],
  申报: ['报备', '报异常', '异常', '故障', '停机', '停电', '缺料', '物料延迟', '设备故障'],
  排行: ['排名', '排行榜', '名次'],
  评价: ['打分', '评分', '考评', '月度评价'],
  待办: ['待处理', '待审批', '我的待办', '代办'],
  我的记录: ['我的表扬', '我的提醒', '行为分'],
  帮助: ['怎么用', '使用说明', '说明', '命令', '功能', '你好', '您好', 'hi', 'hello', '在吗'],
  完成率: ['完整率', '记录率'],
  导出: ['下载', 'excel', '报表'],
};

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

export interface Suggestion {
  command: string;
  /** The rest of the message after the word that was recognised (kept for the example). */
  rest: string;
}

/** The command `text` most likely means, among `available` (the reader's commands), or null. */
export function suggestCommand(text: string, available: readonly string[]): Suggestion | null {
  const t = normalizeText(text).toLowerCase();
  if (!t) return null;
  let best: { command: string; word: string } | null = null;
  for (const [command, words] of Object.entries(SYNONYMS)) {
    if (!available.includes(command)) continue;
    for (const w of words) if (t.startsWith(w) && (!best || w.length > best.word.length)) best = { command, word: w };
  }
  if (best) return { command: best.command, rest: t.slice(best.word.length).trim() };
  const [head, ...tail] = t.split(/\s+/);
  let close: { command: string; d: number } | null = null;
  for (const command of available) {
    const d = editDistance(head.slice(0, [...command].length + 1), command);
    const limit = [...command].length <= 2 ? 1 : 2;
    if (d <= limit && d < [...command].length && (!close || d < close.d)) close = { command, d };
  }
  return close ? { command: close.command, rest: tail.join(' ') } : null;
}
