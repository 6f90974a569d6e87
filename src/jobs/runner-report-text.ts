/**
 * The run report HR gets after a push (pure: view model in, WeCom markdown out). WeCom cuts
 * markdown beyond 2048 bytes, so lists are capped and the text is trimmed at a line boundary.
 */
import type { SkippedEntry } from './runner-context';

export interface FailureGroup {
  errcode: number | null;
  /** Chinese, e.g. '全部接收人无效'. */
  reason: string;
  userIds: string[];
}

export interface DeliveryOutcome {
  sent: number;
  failed: number;
  /** Still queued when the report was written (retrying, or the wait timed out). */
  pending: number;
  failures: FailureGroup[];
  /** WeCom did not answer in time and a second attempt could have made a second copy: maybe delivered. */
  unknown?: number;
  unknownUserIds?: string[];
  /** Sent rows that had an unanswered attempt first (re-sent under WeCom's duplicate check). */
  sentAfterTimeout?: number;
}

export interface RunReportView {
  title: string;
  periodKey: string;
  /** The scheduled time, local, 'YYYY-MM-DD HH:mm'. */
  firedAtLocal: string;
  /** Messages this attempt queued, and those an interrupted earlier attempt had queued already. */
  queued: number;
  duplicates: number;
  delivery: DeliveryOutcome;
  skipped: SkippedEntry[];
  /** userid → name, so HR reads 何萍、刘洋 rather than heping、liuyang (an unknown id shows as is). */
  names?: ReadonlyMap<string, string>;
}

const MAX_BYTES = 2048;
const MAX_IDS = 20;
const MAX_GROUPS = 8;

const ERRCODE_REASONS: Record<number, string> = {
  [-1]: '企业微信系统繁忙',
  [-2]: '网络错误',
  [-3]: '企业微信服务器错误',
  [-4]: '企业微信未在时限内答复（可能已送达）',
  40056: '应用 agentid 无效',
  40058: '参数不合法',
  44004: '消息内容为空',
  45009: '接口调用超过频率限制',
  45011: '接口调用超过频率限制',
  45033: '接口并发调用超过限制',
  48002: '应用无此接口权限',
  60011: '无权限访问该成员',
  60020: '服务器 IP 不在企业可信 IP 列表',
  81013: '全部接收人无效',
};

/** A failed row's reason in Chinese: a known errcode's meaning, else the error text, clipped. */
export function describeFailure(errcode: number | null, lastError: string | null): string {
  if (errcode !== null && ERRCODE_REASONS[errcode]) return ERRCODE_REASONS[errcode];
  const text = (lastError ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return '未知原因';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function listIds(ids: string[], names?: ReadonlyMap<string, string>): string {
  const shown = ids.slice(0, MAX_IDS).map((id) => names?.get(id) ?? id).join('、');
  return ids.length > MAX_IDS ? `${shown} 等` : shown;
}

function groupSkips(skipped: SkippedEntry[]): Array<{ reason: string; userIds: string[] }> {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.userId]);
  return [...byReason].map(([reason, userIds]) => ({ reason, userIds })).sort((a, b) => b.userIds.length - a.userIds.length);
}

function groupLines<T extends { userIds: string[] }>(groups: T[], label: (g: T) => string, names?: ReadonlyMap<string, string>): string[] {
  const lines = groups.slice(0, MAX_GROUPS).map((g) => `> ${label(g)} × ${g.userIds.length}：${listIds(g.userIds, names)}`);
  if (groups.length > MAX_GROUPS) lines.push(`> 另有 ${groups.length - MAX_GROUPS} 类原因`);
  return lines;
}

export function buildRunReport(v: RunReportView): string {
  const d = v.delivery;
  const unknown = d.unknown ?? 0;
  const total = d.sent + d.failed + d.pending + unknown;
  const lines = [
    `**推送报告｜${v.title}**`,
    `周期：${v.periodKey}　计划时间：${v.firedAtLocal}`,
    `应发 ${total} 条：已送达 ${d.sent}，失败 ${d.failed}${unknown ? `，结果未知 ${unknown}` : ''}${d.pending ? `，仍在发送 ${d.pending}` : ''}`,
  ];
  if (v.duplicates > 0) lines.push(`续跑：${v.duplicates} 条在中断前已排队，未重复发送`);
  if (d.failed > 0) {
    lines.push(`**失败 ${d.failed} 条**`);
    lines.push(...groupLines(d.failures, (g) => (g.errcode !== null ? `${g.errcode} ${g.reason}` : g.reason), v.names));
  }
  if (d.sentAfterTimeout) lines.push(`其中 ${d.sentAfterTimeout} 条首次发送超时，已带企业微信重复消息检查重发`);
  if (unknown > 0) {
    // Not failed and not sent: WeCom took the request but its answer came too late.
    lines.push(`**可能已送达/结果未知 ${unknown} 条**（企业微信未在时限内答复，为免重复未自动重发）`);
    lines.push(`> ${listIds(d.unknownUserIds ?? [])}`);
  }
  if (v.skipped.length > 0) {
    lines.push(`**跳过 ${v.skipped.length} 人**`);
    lines.push(...groupLines(groupSkips(v.skipped), (g) => g.reason, v.names));
  }
  return fitBytes(lines, MAX_BYTES);
}

/** Joins lines, dropping trailing ones (with a note) until the text fits `max` UTF-8 bytes. */
function fitBytes(lines: string[], max: number): string {
  const note = '……（内容过长，其余可请 IT 在运行记录中查看）';
  let text = lines.join('\n');
  if (Buffer.byteLength(text) <= max) return text;
  const kept = [...lines];
  do {
    kept.pop();
    text = [...kept, note].join('\n');
  } while (kept.length > 1 && Buffer.byteLength(text) > max);
  return text;
}
