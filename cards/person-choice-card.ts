/**
 * "Which one do you mean?": a name that matched several people, or only part of a name, offered
 * as a card to tap. Each button carries the command to run for that person (see
 * bots/person-choice.ts), so a tap does exactly what typing the command with the account would.
 */
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { clip } from './appeal-request-card';
import { buildKey, buildTaskId } from './keys';

export interface PersonChoice {
  userId: string;
  name: string;
  /** Department · position. */
  detail: string;
  /** The command text to run when this person is tapped, e.g. `查询 @lihua 本月`. */
  command: string;
}

export const PICK_PREFIX = 'pick:run:';
export const MAX_CHOICES = 6;

export function pickKey(command: string): string | null {
  const key = buildKey('pick', 'run', Buffer.from(command, 'utf8').toString('base64url'));
  return Buffer.byteLength(key) <= 1000 ? key : null;
}

export function readPickKey(arg: string | undefined): string | null {
  if (!arg) return null;
  const text = Buffer.from(arg, 'base64url').toString('utf8');
  return text.trim() ? text : null;
}

/** Button text: the name, with the department when two people share it (≤ 10 characters). */
function label(c: PersonChoice, all: readonly PersonChoice[]): string {
  const twin = all.filter((x) => x.name === c.name).length > 1;
  return clip(twin && c.detail ? `${c.name}·${c.detail.split(' · ')[0]}` : c.name, 10);
}

export function buildPersonChoiceCard(query: string, choices: readonly PersonChoice[], unique: string): ButtonInteractionCard {
  const shown = choices.slice(0, MAX_CHOICES);
  const desc = choices.length === 1 ? `没有叫“${clip(query, 8)}”的同事，是这位吗？` : `“${clip(query, 8)}”对应 ${choices.length} 位同事，请点选`;
  const more = choices.length > shown.length ? `\n另有 ${choices.length - shown.length} 位未列出，请写全名。` : '';
  return {
    card_type: 'button_interaction',
    task_id: buildTaskId('pick', unique),
    source: { desc: '绩效助手' },
    main_title: { title: '您指的是哪一位？', desc: clip(desc, 44) },
    sub_title_text: clip(shown.map((c) => `${label(c, shown)}：${c.detail || '—'}`).join('\n') + more, 160),
    button_list: shown.map((c) => ({ text: label(c, shown), style: 1, key: pickKey(c.command)! })),
  };
}
