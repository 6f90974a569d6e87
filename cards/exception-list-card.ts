/** 我的申报 and the usage help of 申报, as text. */
import { clip } from './appeal-request-card';
import { CLAIM_STATUS_LABEL } from './exception-request-card';

export interface ExceptionListRow {
  claimId: number;
  kind: string;
  window: string;
  status: string;
  photoCount: number;
  note: string;
  approverName?: string;
}

export function buildExceptionUsageText(kinds: readonly string[]): string {
  return [
    '异常申报用法：申报 <类型> <时间段> [指标:名称] <说明>',
    `类型：${kinds.join('、')}`,
    '例如：',
    '申报 物料延迟 11月28日 8点到10点 铝材未到货',
    '申报 设备故障 昨天下午 3号机主轴故障停机',
    '申报 设备故障 11-28 08:00-10:00 指标:良品率 换刀后首件报废',
    '申报 停电 11月20日 全厂停电',
    '默认影响您的全部考核指标；只影响部分指标时写 指标:良品率,报废率',
    '提交后可在规定时间内发送现场照片，由直属上级审批。',
  ].join('\n');
}

export function buildExceptionListText(rows: readonly ExceptionListRow[]): string {
  if (rows.length === 0) return '您还没有异常申报记录。发送“申报”查看用法。';
  const lines = rows.map((r) => {
    const who = r.approverName ? `（${r.approverName}）` : '';
    return `#${r.claimId} ${r.kind} ${CLAIM_STATUS_LABEL[r.status] ?? r.status}${who} · 照片 ${r.photoCount} 张\n  ${r.window}\n  说明：${clip(r.note, 40)}`;
  });
  return `我的异常申报（最近 ${rows.length} 条）：\n${lines.join('\n')}`;
}
