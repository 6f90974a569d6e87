/**
 * The structural template_card rules of §4.3 that WeCom rejects outright. Text lengths are
 * "recommended" (WeCom truncates), so they are not enforced here. Pure: returns the first problem
 * as "field: reason", or null.
 */
import type { CardType } from '../wecom/api-types';

type Json = Record<string, unknown>;

const CARD_TYPES: readonly CardType[] = [
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
];
export const INTERACTIVE_CARD_TYPES: ReadonlySet<string> = new Set([
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]);
const TASK_ID = /^[A-Za-z0-9_\-@]+$/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function isCardType(value: unknown): value is CardType {
  return CARD_TYPES.includes(value as CardType);
}

/** Does sending this card yield a response_code (§4.2)? */
export function cardHasResponseCode(card: Json): boolean {
  return INTERACTIVE_CARD_TYPES.has(String(card.card_type)) || isObject(card.action_menu);
}

export function validateTemplateCard(card: unknown): string | null {
  if (!isObject(card)) return 'template_card: must be an object';
  if (!isCardType(card.card_type)) return `template_card.card_type: unknown card type ${JSON.stringify(card.card_type)}`;
  const needsTaskId = INTERACTIVE_CARD_TYPES.has(card.card_type) || card.action_menu !== undefined;
  return (
    checkTaskId(card.task_id, needsTaskId) ??
    checkList(card, 'horizontal_content_list', 0, 6, (item) => (isText(item.keyname) ? null : 'keyname: required')) ??
    checkList(card, 'jump_list', 0, 3, (item) => (isText(item.title) ? null : 'title: required')) ??
    checkActionMenu(card.action_menu) ??
    (card.card_action !== undefined || !INTERACTIVE_CARD_TYPES.has(card.card_type) ? checkCardAction(card.card_action) : null) ??
    checkByType(card)
  );
}

function checkByType(card: Json): string | null {
  switch (card.card_type) {
    case 'text_notice': {
      const title = isObject(card.main_title) ? card.main_title.title : undefined;
      return isText(title) || isText(card.sub_title_text) ? null : 'main_title.title: main_title.title and sub_title_text cannot both be empty';
    }
    case 'news_notice':
      return isObject(card.card_image) || isObject(card.image_text_area) ? null : 'card_image: card_image or image_text_area is required';
    case 'button_interaction':
      return checkButtons(card.button_list);
    case 'vote_interaction':
      return checkOptions(card.checkbox, 'checkbox', 20) ?? checkSubmit(card.submit_button);
    default:
      return (
        checkList(card, 'select_list', 1, 3, (item) => checkOptions(item, '', 10)) ??
        checkSubmit(card.submit_button)
      );
  }
}

function checkTaskId(taskId: unknown, required: boolean): string | null {
  if (taskId === undefined) return required ? 'task_id: required for this card' : null;
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) return 'task_id: only digits, letters and _-@ allowed';
  return bytes(taskId) > 128 ? 'task_id: at most 128 bytes' : null;
}

function checkCardAction(action: unknown): string | null {
  if (!isObject(action)) return 'card_action: required';
  if (action.type === 1) return isText(action.url) ? null : 'card_action.url: required when type is 1';
  if (action.type === 2) return isText(action.appid) ? null : 'card_action.appid: required when type is 2';
  return 'card_action.type: must be 1 (url) or 2 (mini program)';
}

function checkActionMenu(menu: unknown): string | null {
  if (menu === undefined) return null;
  if (!isObject(menu)) return 'action_menu: must be an object';
  return checkList(menu, 'action_list', 1, 3, (item) => (isText(item.text) && isText(item.key) ? null : 'text and key: required'));
}

function checkButtons(list: unknown): string | null {
  if (!Array.isArray(list) || list.length < 1 || list.length > 6) return 'button_list: 1 to 6 buttons required';
  const keys = new Set<string>();
  for (const [i, b] of list.entries()) {
    const at = `button_list[${i}]`;
    if (!isObject(b) || !isText(b.text)) return `${at}.text: required`;
    if (b.style !== undefined && ![1, 2, 3, 4].includes(b.style as number)) return `${at}.style: must be 1 to 4`;
    if (b.type === 1) {
      if (!isText(b.url)) return `${at}.url: required when type is 1`;
      continue;
    }
    if (!isText(b.key)) return `${at}.key: required for a callback button`;
    if (bytes(b.key) > 1024) return `${at}.key: at most 1024 bytes`;
    if (keys.has(b.key)) return `${at}.key: duplicate key`;
    keys.add(b.key);
  }
  return null;
}

/** field '' when the caller (checkList) already prefixes the path. */
function checkOptions(holder: unknown, field: string, max: number): string | null {
  const at = (sub: string) => (field ? `${field}.${sub}` : sub);
  if (!isObject(holder)) return `${field || 'item'}: required`;
  if (!isText(holder.question_key)) return `${at('question_key')}: required`;
  const list = holder.option_list;
  if (!Array.isArray(list) || list.length < 1 || list.length > max) return `${at('option_list')}: 1 to ${max} options required`;
  const ids = new Set<string>();
  for (const o of list) {
    if (!isObject(o) || !isText(o.id) || !isText(o.text)) return `${at('option_list')}: id and text required`;
    if (bytes(o.id) > 128) return `${at('option_list.id')}: at most 128 bytes`;
    if (ids.has(o.id)) return `${at('option_list.id')}: duplicate id ${o.id}`;
    ids.add(o.id);
  }
  return null;
}

function checkSubmit(button: unknown): string | null {
  if (!isObject(button) || !isText(button.key)) return 'submit_button.key: required';
  return bytes(button.key) > 1024 ? 'submit_button.key: at most 1024 bytes' : null;
}

function checkList(holder: Json, field: string, min: number, max: number, each: (item: Json) => string | null): string | null {
  const list = holder[field];
  if (list === undefined && min === 0) return null;
  if (!Array.isArray(list) || list.length < min || list.length > max) return `${field}: ${min} to ${max} items`;
  for (const [i, item] of list.entries()) {
    const problem = isObject(item) ? each(item) : 'must be an object';
    if (problem) return `${field}[${i}].${problem}`;
  }
  return null;
}
