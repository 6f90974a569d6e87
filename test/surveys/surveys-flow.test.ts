/**
 * 调查 through WeCom-shaped traffic: HR launches a vote card to everyone, members answer by tapping
 * it (encrypted callbacks into the running app), once each; results appear only after the round
 * ends and only for groups of at least five, with a group withheld where the total would give a
 * small one away; managers see their own departments; trends and the outcome report across rounds.
 */
import { surveyMeasures } from '../../src/outcomes/survey-measures';
import { Survey } from '../../src/surveys/survey.entity';
import { SurveyParticipant } from '../../src/surveys/survey-participant.entity';
import { SurveyTally } from '../../src/surveys/survey-tally.entity';
import type { VoteInteractionCard } from '../../src/wecom/card-types';
import { cardsTo, textsTo } from '../helpers/inbox';
import { local, ROUND_ANSWERS, startSurveys, SURVEY_ORG, type SurveyHarness } from './survey-helpers';

const L = (n: number) => `likert_${n}`;

describe('pulse surveys (调查)', () => {
  let h: SurveyHarness;
  beforeEach(async () => {
    h = await startSurveys();
  });
  afterEach(async () => {
    await h.close();
  });

  it('HR launches a round, everyone gets the vote card, each answers once, results show only groups of five or more after it ends', async () => {
    expect(await h.say('heping', '调查 模板')).toContain('我认为绩效评价是公平的');
    const launched = await h.say('heping', '调查 发起 公平感');
    expect(launched).toContain('发给全体 24 人');
    expect(launched).toContain('生产部 8人、质量部 6人、仓储部 6人、其他 4人');

    // The card reached every member, as one vote card with the five options.
    for (const u of SURVEY_ORG.users) {
      const cards = cardsTo<VoteInteractionCard>(h, u.userid);
      expect(cards).toHaveLength(1);
      expect(cards[0].card.card_type).toBe('vote_interaction');
    }
    const { card } = cardsTo<VoteInteractionCard>(h, 'p1')[0];
    expect(card.main_title?.title).toBe('我认为绩效评价是公平的');
    expect(card.checkbox.option_list.map((o) => o.text)).toEqual(['5 非常同意', '4 同意', '3 一般', '2 不同意', '1 非常不同意']);

    // Submitting without a choice records nothing and says what to do.
    expect(await h.answer('p1', null)).toContain('请先在卡片上选择一项');
    expect(await h.ds.getRepository(SurveyParticipant).countBy({ answered: true })).toBe(0);

    for (const [user, value] of ROUND_ANSWERS) expect(await h.answer(user, L(value))).toContain('已匿名提交');
    // The tapper's card is locked, with no option marked.
    const update = h.sim.cardUpdates.at(-1)!.templateCard as VoteInteractionCard;
    expect(update.checkbox.disable).toBe(true);
    expect(update.checkbox.option_list.some((o) => o.is_checked)).toBe(false);
    expect(update.replace_text).toBe('已匿名提交，感谢参与');

    // A second answer is refused kindly and counts nothing.
    const tallyBefore = await h.ds.getRepository(SurveyTally).sum('n');
    expect(await h.answer('p1', L(1))).toContain('您已参与过本轮调查，每人只能回答一次');
    expect(await h.ds.getRepository(SurveyTally).sum('n')).toBe(tallyBefore);
    expect(tallyBefore).toBe(15);

    // While it runs: progress only, no figures (each new answer would show in the change).
    const running = await h.say('heping', '调查 结果 公平感');
    expect(running).toContain('已回答 15/24 人');
    expect(running).not.toMatch(/同意 \d+%/);
    // A manager cannot launch or end; an employee is told how it works and sees nothing.
    expect(await h.say('wangqiang', '调查 发起 公平感')).toContain('只有 HR 可以发起匿名调查');
    expect(await h.say('p7', '调查 结果')).toContain('匿名调查由 HR 发起');
    expect(await h.say('heping', '调查 发起 公平感')).toContain('已有进行中的调查');

    const ended = await h.say('heping', '调查 结束 公平感');
    expect(ended).toContain('已结束“公平感 2026-11-30”');
    expect(ended).toContain('对象：全体 · 回答 15/24 人');
    expect(ended).toContain('全体：同意 60%（9/15） · 平均 3.6');
    expect(ended).toContain('> 5 非常同意 5 · 4 同意 4 · 3 一般 3 · 2 不同意 1 · 1 非常不同意 2');
    expect(ended).toContain('生产部：同意 57%（4/7） · 平均 3.4');
    expect(ended).toContain('质量部：不足5人，不显示');
    // 仓储部 has five answers, but shown with 生产部 and the total it would give 质量部's three away.
    expect(ended).toContain('仓储部：为保护小组匿名，不单独显示');
    expect(ended).toContain('其他：无人作答');

    // Managers see their own department only; the head of the company sees what HR sees.
    const wang = await h.say('wangqiang', '调查 结果');
    expect(wang).toContain('生产部：同意 57%（4/7）');
    expect(wang).not.toContain('全体：');
    expect(wang).not.toContain('仓储部');
    const zhou = await h.say('zhoumin', '调查');
    expect(zhou).toContain('质量部：不足5人，不显示');
    expect(zhou).not.toMatch(/同意 \d+%/);
    expect(await h.say('zhangwei', '调查 结果 公平感')).toContain('全体：同意 60%（9/15）');

    // After the end a tap is refused, and nothing changes.
    expect(await h.answer('p7', L(5))).toContain('本轮调查已于');
    expect(await h.ds.getRepository(SurveyTally).sum('n')).toBe(15);
  });

  it('refuses bad input with a clear answer and launches nothing', async () => {
    expect(await h.say('heping', '调查 发起 满意度')).toContain('没有名为“满意度”的调查模板');
    expect(await h.say('heping', '调查 发起 公平感 销售部')).toContain('没有找到部门“销售部”');
    expect(await h.say('heping', '调查 发起 公平感 财务部')).toContain('财务部只有 2 人，不足5人的调查无法显示任何结果，未发起');
    expect(await h.say('heping', '调查 发起 公平感 40天')).toContain('调查时长请写 1–30 天');
    expect(await h.say('heping', '调查 结束 公平感')).toContain('“公平感”没有进行中的调查');
    expect(await h.ds.getRepository(Survey).count()).toBe(0);
    // 帮助 shows each the 调查 they can use: HR launches, managers read results, employees only answer.
    expect(await h.say('heping', '帮助')).toContain('`调查 发起 公平感`');
    expect(await h.say('wangqiang', '帮助')).toContain('`调查 结果`');
    expect(await h.say('p1', '帮助')).not.toContain('调查');
  });

  it('keeps trends across rounds and gives the outcome report each round’s agreement share', async () => {
    const round = async (at: string, answers: Array<[string, number]>) => {
      h.setNow(local(at));
      expect(await h.say('heping', '调查 发起 公平感 生产部 是否 3天')).toContain('发给生产部 8 人');
      for (const [u, v] of answers) await h.answer(u, v ? 'yesno_yes' : 'yesno_no');
      h.setNow(new Date(local(at).getTime() + 4 * 86_400_000)); // ends by itself after 3 days
    };
    await round('2026-09-30 09:00', [['wangqiang', 1], ['p1', 0], ['p2', 0], ['p3', 1], ['p4', 0]]);
    await round('2026-10-30 09:00', [['wangqiang', 1], ['p1', 1], ['p2', 0], ['p3', 1], ['p4', 1], ['p5', 1]]);
    const text = await h.say('heping', '调查 结果 公平感');
    expect(text).toContain('**公平感 2026-10-30 生产部**（是/否，已结束）');
    expect(text).toContain('全体：同意 83%（5/6）');
    expect(text).toContain('趋势（生产部同意比例）：2026-09-30 40%（5人） → 2026-10-30 83%（6人）');
    // The manager of 生产部 sees the whole round (it went to his department), and the trend.
    expect(await h.say('wangqiang', '调查 结果')).toContain('2026-09-30 40%（5人） → 2026-10-30 83%（6人）');
    // Another department's manager sees none of it.
    const zhou = await h.say('zhoumin', '调查 结果 公平感');
    expect(zhou).toContain('还没有您所辖部门的调查结果');
    expect(zhou).not.toMatch(/\d+%/);

    const measures = await surveyMeasures(h.ds, local('2026-09-01 00:00'), local('2026-11-01 00:00'));
    expect(measures).toEqual([
      expect.objectContaining({ questionCode: 'fairness', question: '我认为绩效评价是公平的', round: '公平感 2026-09-30 生产部', answers: 5, agreeShare: 0.4 }),
      expect.objectContaining({ questionCode: 'fairness', round: '公平感 2026-10-30 生产部', answers: 6, agreeShare: 5 / 6 }),
    ]);
    expect(await surveyMeasures(h.ds, local('2026-10-01 00:00'), local('2026-11-01 00:00'))).toHaveLength(1);
  });

  it('shows nothing for a round under five answers, in chat and in the outcome report', async () => {
    await h.say('heping', '调查 发起 工作重要 质量部');
    for (const [u, v] of [['zhoumin', 5], ['q1', 4], ['q2', 2]] as Array<[string, number]>) await h.answer(u, L(v));
    // q3 taps twice, both in flight at once (different seconds, so not a WeCom retry): one counts, one is refused.
    const { card, taskId } = cardsTo<VoteInteractionCard>(h, 'q3')[0];
    const tap = () => h.sim.tapButton('q3', { eventKey: card.submit_button.key, taskId, selectedItems: [{ questionKey: card.checkbox.question_key, optionIds: [L(4)] }] });
    h.setNow(local('2026-11-30 10:00:00'));
    const first = tap();
    h.setNow(local('2026-11-30 10:00:01'));
    await Promise.all([first, tap()]);
    await h.app.settle();
    expect(textsTo(h, 'q3').filter((t) => t.includes('已匿名提交'))).toHaveLength(1);
    expect(textsTo(h, 'q3').filter((t) => t.includes('您已参与过本轮调查'))).toHaveLength(1);
    const text = await h.say('heping', '调查 结束 工作重要');
    expect(text).toContain('回答 4/6 人');
    expect(text).toContain('全体：不足5人，不显示');
    expect(text).not.toMatch(/同意 \d+%|平均|非常同意 \d/);
    expect(await surveyMeasures(h.ds, local('2026-11-01 00:00'), local('2026-12-01 00:00'))).toEqual([
      expect.objectContaining({ questionCode: 'work_matters', answers: 4, agreeShare: null }),
    ]);
    expect(textsTo(h, 'q1').join('\n')).not.toContain('同意 ');
  });
});
