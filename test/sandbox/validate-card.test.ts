import { cardHasResponseCode, validateTemplateCard } from '../../src/sandbox/validate-card';
import { truncateUtf8 } from '../../src/sandbox/validate-message';

const button = { card_type: 'button_interaction', task_id: 't-1', button_list: [{ text: '好', key: 'ok' }] };
const notice = { card_type: 'text_notice', main_title: { title: '通知' }, card_action: { type: 1, url: 'https://example.com' } };
const vote = {
  card_type: 'vote_interaction',
  task_id: 'v-1',
  checkbox: { question_key: 'q', mode: 1, option_list: [{ id: 'a', text: 'A' }] },
  submit_button: { key: 'submit' },
};
const multiple = {
  card_type: 'multiple_interaction',
  task_id: 'm-1',
  select_list: [{ question_key: 'q1', option_list: [{ id: 'a', text: 'A' }] }],
  submit_button: { key: 'submit' },
};
const news = { card_type: 'news_notice', card_action: { type: 1, url: 'https://e.com' }, card_image: { url: 'https://e.com/a.png' } };

describe('validateTemplateCard', () => {
  it.each([
    ['button_interaction', button],
    ['text_notice', notice],
    ['vote_interaction', vote],
    ['multiple_interaction', multiple],
    ['news_notice', news],
    ['a url button without key', { ...button, button_list: [{ text: '看', type: 1, url: 'https://e.com' }] }],
    ['a 1024-byte key', { ...button, button_list: [{ text: '好', key: 'k'.repeat(1024) }] }],
    ['a 128-byte task_id of the allowed charset', { ...button, task_id: 'a-_@1'.repeat(25) + 'abc' }],
  ])('accepts %s', (_label, card) => {
    expect(validateTemplateCard(card)).toBeNull();
  });

  it.each([
    ['an unknown card_type', { ...button, card_type: 'fancy' }, 'card_type'],
    ['a missing task_id', { ...button, task_id: undefined }, 'task_id: required'],
    ['a 129-byte task_id', { ...button, task_id: 'a'.repeat(129) }, 'task_id: at most 128'],
    ['a task_id with a dot', { ...button, task_id: 'a.b' }, 'task_id: only'],
    ['no buttons', { ...button, button_list: [] }, 'button_list: 1 to 6'],
    ['seven buttons', { ...button, button_list: Array.from({ length: 7 }, (_, i) => ({ text: 't', key: `k${i}` })) }, 'button_list: 1 to 6'],
    ['a 1025-byte key', { ...button, button_list: [{ text: '好', key: 'k'.repeat(1025) }] }, 'key: at most 1024'],
    ['duplicate keys', { ...button, button_list: [{ text: 'a', key: 'k' }, { text: 'b', key: 'k' }] }, 'duplicate key'],
    ['style 5', { ...button, button_list: [{ text: 'a', key: 'k', style: 5 }] }, 'style'],
    ['text_notice without card_action', { ...notice, card_action: undefined }, 'card_action: required'],
    ['text_notice without titles', { ...notice, main_title: {} }, 'cannot both be empty'],
    ['a url card_action without url', { ...notice, card_action: { type: 1 } }, 'card_action.url'],
    ['action_menu without task_id', { ...notice, action_menu: { action_list: [{ text: 'x', key: 'y' }] } }, 'task_id: required'],
    ['news_notice without an image', { ...news, card_image: undefined }, 'card_image or image_text_area'],
    ['vote without options', { ...vote, checkbox: { question_key: 'q', option_list: [] } }, 'checkbox.option_list'],
    ['vote without submit key', { ...vote, submit_button: {} }, 'submit_button.key'],
    ['four selects', { ...multiple, select_list: [1, 2, 3, 4].map(() => multiple.select_list[0]) }, 'select_list: 1 to 3'],
    ['a select without question_key', { ...multiple, select_list: [{ option_list: [{ id: 'a', text: 'A' }] }] }, 'select_list[0].question_key'],
    ['seven horizontal lines', { ...notice, horizontal_content_list: Array.from({ length: 7 }, () => ({ keyname: 'k' })) }, 'horizontal_content_list'],
  ])('rejects %s', (_label, card, reason) => {
    expect(validateTemplateCard(card)).toContain(reason);
  });

  it('knows which cards yield a response_code', () => {
    expect(cardHasResponseCode(button)).toBe(true);
    expect(cardHasResponseCode(notice)).toBe(false);
    expect(cardHasResponseCode({ ...notice, task_id: 'n', action_menu: { action_list: [{ text: 'x', key: 'y' }] } })).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('never cuts a multi-byte character', () => {
    expect(truncateUtf8('质量', 5)).toBe('质');
    expect(truncateUtf8('abc', 5)).toBe('abc');
  });
});
