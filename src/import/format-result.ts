/** The import outcome as Chinese text for the CLI and the bot. */
import type { ImportError, ImportResult } from './types';

export const MAX_LISTED_ERRORS = 50;

export function formatImportResult(result: ImportResult): string {
  if (result.ok) {
    const counts = `新增 ${result.inserted} 行，更新 ${result.updated} 行，未变 ${result.unchanged} 行`;
    const head = result.dryRun ? `校验通过（试运行，未写入任何数据）：将${counts}` : `导入成功：${counts}`;
    return [head, ...(result.notes ?? [])].join('\n');
  }
  const lines = result.errors.slice(0, MAX_LISTED_ERRORS).map(formatImportError);
  const rest = result.errors.length - lines.length;
  if (rest > 0) lines.push(`……另有 ${rest} 个错误未列出`);
  return `导入失败，未写入任何数据：\n${lines.join('\n')}`;
}

/** "第 5 行【数值】必须是数字，收到“abc”". */
export function formatImportError(e: ImportError): string {
  return `${e.row > 0 ? `第 ${e.row} 行` : ''}${e.column ? `【${e.column}】` : ''}${e.message}`;
}
