/**
 * A button key is the tapper's to forge: every button path re-checks what the command path checks.
 * Clock: Friday 27 November 2026 (Shanghai), so 评价 may cover 2026-11 and 2026-10 only.
 */
import { appealStartKey } from '../../cards/appeal-keys';
import { Appeal, SupervisorReview } from '../../src/entities';
import type { Harness } from '../helpers/app';
import { lastTextTo, say, startAt } from './reviews-helpers';

const MONTH_RULE = '只能评价本月（2026-11）或上月（2026-10）。';

describe('forged buttons', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
  });
  afterAll(() => h.close());

  const forge = async (userId: string, eventKey: string) => {
    await h.sim.tapButton(userId, { eventKey, taskId: `forged-${eventKey.replace(/:/g, '-')}` });
    await h.app.settle();
  };
  const reviews = () => h.ds.getRepository(SupervisorReview).find();

  it.each(['2024-01', '2027-06', '2026-12'])('a 评价 star tap for %s stores nothing, as the command refuses it', async (month) => {
    await say(h, 'lihua', `评价 @zhaolei 4 ${month} 很好`);
    expect(lastTextTo(h, 'lihua')).toBe(MONTH_RULE);
    await forge('lihua', `review:star:zhaolei:${month}:5`);
    expect(lastTextTo(h, 'lihua')).toBe(MONTH_RULE);
    await forge('lihua', `review:who:sunli:${month}`);
    expect(lastTextTo(h, 'lihua')).toBe(MONTH_RULE);
    await forge('lihua', `review:back:${month}`);
    expect(lastTextTo(h, 'lihua')).toBe(MONTH_RULE);
    expect(await reviews()).toEqual([]);
    expect(h.sim.cardUpdates).toEqual([]);
  });

  it('a tap for last month is still taken, like 评价 … 上月', async () => {
    await forge('lihua', 'review:star:zhaolei:2026-10:4');
    expect((await reviews()).map((r) => [r.userId, r.periodKey, r.stars])).toEqual([['zhaolei', '2026-10', 4]]);
  });

  it('a 发起申诉 tap for a period not yet begun opens nothing, as 申诉 refuses it', async () => {
    const notYet = '2027年第10周（3月8日–3月14日）还没有开始，不能申诉。';
    await say(h, 'sunli', '申诉 2027-W10 产量算错了');
    expect(lastTextTo(h, 'sunli')).toBe(notYet);
    await forge('sunli', appealStartKey('2027-W10'));
    expect(lastTextTo(h, 'sunli')).toBe(notYet);
    await say(h, 'sunli', '理由');
    expect(await h.ds.getRepository(Appeal).count()).toBe(0);
  });
});
