import { chatFor, trafficOf } from '../../src/sandbox/sandbox-feed';
import { nextFiring, SandboxClock } from '../../src/sandbox/sandbox-clock';
import { createSimState } from '../../src/sandbox/sim-state';

const t = (iso: string) => new Date(iso);
const card = (title: string) => ({
  card_type: 'button_interaction', task_id: 'task-1', main_title: { title },
  button_list: [{ text: '赵磊', key: 'tag:who:1:zhaolei' }],
});

describe('a member\'s chat in the sandbox page', () => {
  it('shows what they sent, and each card in its latest state for them only', () => {
    const state = createSimState();
    state.inbound.push({ from: 'lihua', kind: 'text', text: '表扬 <b>', time: t('2026-11-26T02:00:00Z') });
    state.inbound.push({ from: 'wuhao', kind: 'image', mediaId: 'm1', filename: 'a.png', time: t('2026-11-26T02:00:01Z') });
    state.sent.push({ msgid: 'msg-1', msgtype: 'template_card', recipients: ['lihua'], invalidUsers: [], body: { template_card: card('要表扬谁？') }, taskId: 'task-1', time: t('2026-11-26T02:00:02Z') });
    state.cardUpdates.push({ responseCode: 'c', userids: ['lihua'], mode: 'template_card', templateCard: { ...card('已记录表扬：赵磊'), replace_text: '已记录' } as never, taskId: 'task-1', time: t('2026-11-26T02:00:03Z') });
    state.cardUpdates.push({ responseCode: 'd', userids: ['someone-else'], mode: 'button', replaceName: '别人的', taskId: 'task-1', time: t('2026-11-26T02:00:04Z') });

    const chat = chatFor(state, 'lihua');
    expect(chat.map((i) => i.side)).toEqual(['me', 'app']);
    expect(chat[0]!.html).toBe('表扬 &lt;b&gt;');
    expect(chat[1]).toMatchObject({ id: 'msg-1', taskId: 'task-1', cardType: 'button_interaction', updates: 1 });
    expect(chat[1]!.html).toContain('已记录表扬：赵磊');
    expect(chat[1]!.html).toContain('已记录');
    expect(chat[1]!.html).not.toContain('别人的');
    expect(chatFor(state, 'wuhao')[0]!.html).toContain('src="/sandbox/media/m1"');

    const traffic = trafficOf(state, (id) => ({ lihua: '李华' })[id] ?? id);
    expect(traffic[0]!.text).toContain('update_template_card → someone-else');
    expect(traffic.some((x) => x.kind === 'send' && x.text.includes('李华'))).toBe(true);
  });

  it('renders buttons as taps and card links as links', () => {
    const state = createSimState();
    state.sent.push({
      msgid: 'm', msgtype: 'template_card', recipients: ['heping'], invalidUsers: [], time: t('2026-11-26T02:00:00Z'),
      body: { template_card: { card_type: 'text_notice', main_title: { title: '质量部 绩效排行' }, card_action: { type: 1, url: 'http://127.0.0.1:3000/r?t=x' } } },
    });
    state.sent.push({ msgid: 'n', msgtype: 'template_card', recipients: ['heping'], invalidUsers: [], time: t('2026-11-26T02:00:01Z'), body: { template_card: card('x') }, taskId: 'task-1' });
    const [ranking, buttons] = chatFor(state, 'heping');
    expect(ranking!.html).toContain('<a class="more" href="http://127.0.0.1:3000/r?t=x" target="_blank"');
    expect(buttons!.html).toContain('<button type="button" class="btn primary" data-key="tag:who:1:zhaolei">赵磊</button>');
  });
});

describe('the sandbox clock', () => {
  const tz = 'Asia/Shanghai';
  it('finds the next Friday 17:00 and the next 25th 09:00 in Shanghai', () => {
    expect(nextFiring('friday', t('2026-11-26T02:00:00Z'), tz).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(nextFiring('friday', t('2026-11-27T09:00:00Z'), tz).toISOString()).toBe('2026-12-04T09:00:00.000Z');
    expect(nextFiring('25th', t('2026-11-25T00:59:00Z'), tz).toISOString()).toBe('2026-11-25T01:00:00.000Z');
    expect(nextFiring('25th', t('2026-11-26T02:00:00Z'), tz).toISOString()).toBe('2026-12-25T01:00:00.000Z');
  });

  it('moves forward only', () => {
    const clock = new SandboxClock(t('2026-11-26T02:00:00Z'));
    clock.moveTo(t('2026-11-27T09:00:00Z'));
    expect(Math.abs(clock.now().getTime() - t('2026-11-27T09:00:00Z').getTime())).toBeLessThan(5000);
    clock.moveTo(t('2026-01-01T00:00:00Z'));
    expect(clock.now().getTime()).toBeGreaterThan(t('2026-11-27T09:00:00Z').getTime() - 1);
  });
});
