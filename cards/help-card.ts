/** The 帮助 card: the commands this user may run, and a button for worked examples. */
import type { ButtonInteractionCard } from '../src/wecom/api-types';
import { buildKey, buildTaskId } from './keys';

export interface HelpCommand {
  name: string;
  usage: string;
  description: string;
}

export const HELP_EXAMPLES_KEY = buildKey('help', 'examples');

export function buildHelpCard(commands: readonly HelpCommand[], unique: string): ButtonInteractionCard {
  const lines = commands.map((c) => `• ${c.usage}：${c.description}`);
  return {
    card_type: 'button_interaction',
    task_id: buildTaskId('help', unique),
    source: { desc: '绩效助手' },
    main_title: { title: '绩效助手 · 可用命令', desc: '在对话框直接输入命令即可' },
    sub_title_text: lines.join('\n').slice(0, 160) || '暂无可用命令',
    horizontal_content_list: commands.slice(0, 6).map((c) => ({ keyname: c.name.slice(0, 5), value: c.usage })),
    button_list: [{ text: '查看使用示例', style: 1, key: HELP_EXAMPLES_KEY }],
  };
}

/** The card after its button was tapped: same content, the button greyed out. */
export function buildHelpCardAnswered(card: ButtonInteractionCard): ButtonInteractionCard {
  return { ...card, replace_text: '已发送示例' };
}

export function buildHelpExamplesText(commands: readonly HelpCommand[]): string {
  if (commands.length === 0) return '目前还没有可用的命令。';
  return ['使用示例：', ...commands.map((c) => `${c.usage}\n  ${c.description}`)].join('\n');
}

export function buildFallbackText(commands: readonly HelpCommand[]): string {
  const names = commands.map((c) => c.name).join('、');
  return `没有听懂这条消息。可以发送“帮助”查看全部命令${names ? `，例如：${names}` : ''}。`;
}
