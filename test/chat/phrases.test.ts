/**
 * The phrase table: real phrasings of periods, time windows, people, metric names and commands as
 * factory staff type them, and the ones that must be refused with a helpful example.
 * The clock: Friday 2026-11-27 17:00 in Shanghai (ISO week 2026-W48).
 */
import { parsePeriodPhrase, takePeriod } from '../../src/chat/periods';
import { matchMetric } from '../../src/chat/metrics';
import { splitPeople } from '../../src/chat/people';
import { suggestCommand } from '../../src/chat/suggest';
import { parseTimeWindow } from '../../src/chat/times';
import { formatLocal } from '../../src/domain/periods';
import { UserError } from '../../src/wecom/errors';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-27T09:00:00Z');
const JAN = new Date('2027-01-05T02:00:00Z');

describe('periods as people write them', () => {
  const table: Array<[string, string, Date?]> = [
    ['本周', '2026-W48'], ['这周', '2026-W48'], ['上周', '2026-W47'], ['上上周', '2026-W46'], ['上星期', '2026-W47'],
    ['本月', '2026-11'], ['这个月', '2026-11'], ['上月', '2026-10'], ['上个月', '2026-10'],
    ['11月', '2026-11'], ['十一月', '2026-11'], ['11月份', '2026-11'], ['10月', '2026-10'], ['12月', '2025-12'],
    ['2026年11月', '2026-11'], ['2026年十一月', '2026-11'], ['2026-11', '2026-11'], ['2026/11', '2026-11'], ['２０２６－１１', '2026-11'],
    ['第48周', '2026-W48'], ['第四十七周', '2026-W47'], ['W48', '2026-W48'], ['w47', '2026-W47'], ['2026-W48', '2026-W48'], ['2026年第48周', '2026-W48'],
    ['Q4', '2026-Q4'], ['q3', '2026-Q3'], ['四季度', '2026-Q4'], ['第四季度', '2026-Q4'], ['4季度', '2026-Q4'], ['2026-Q4', '2026-Q4'], ['2026年第三季度', '2026-Q3'],
    ['本季度', '2026-Q4'], ['上季度', '2026-Q3'],
    // in January, 12月 and 四季度 are last year's; 上月 crosses the year
    ['12月', '2026-12', JAN], ['四季度', '2026-Q4', JAN], ['上月', '2026-12', JAN], ['第52周', '2026-W52', JAN], ['本周', '2027-W01', JAN],
  ];
  it.each(table)('%s → %s', (text, key, now = NOW) => {
    expect(parsePeriodPhrase(text, now, TZ)?.key).toBe(key);
  });

  it.each(['赵磊', '主动加班', '2026-11-28', '11-28', '@lihua', '理由'])('%s is not a period', (text) => {
    expect(parsePeriodPhrase(text, NOW, TZ)).toBeNull();
  });

  it.each([
    ['13月', '月份应在 1–12 之间'],
    ['2026-13', '月份应在 1–12 之间'],
    ['第60周', '周数应在 1–53 之间'],
    ['Q5', '季度应在 1–4 之间'],
    ['2026-W54', '2026 年共有 53 周'],
  ])('%s is refused with an example', (text, why) => {
    expect(() => parsePeriodPhrase(text, NOW, TZ)).toThrow(UserError);
    expect(() => parsePeriodPhrase(text, NOW, TZ)).toThrow(why);
    expect(() => parsePeriodPhrase(text, NOW, TZ)).toThrow('可以这样写：本周、上周、本月');
  });

  it('finds the period first or anywhere among the tokens', () => {
    expect(takePeriod(['上周', '数据漏了'], NOW, TZ, 'first')).toMatchObject({ period: { key: '2026-W47' }, rest: ['数据漏了'] });
    expect(takePeriod(['数据漏了', '上周'], NOW, TZ, 'first')).toMatchObject({ period: null, rest: ['数据漏了', '上周'] });
    expect(takePeriod(['上月', '赵磊'], NOW, TZ, 'any')).toMatchObject({ period: { key: '2026-10' }, rest: ['赵磊'] });
    expect(takePeriod(['赵磊本月'], NOW, TZ, 'any')).toMatchObject({ period: { key: '2026-11' }, rest: ['赵磊'] });
    expect(takePeriod(['上周赵磊'], NOW, TZ, 'any')).toMatchObject({ period: { key: '2026-W47' }, rest: ['赵磊'] });
    expect(takePeriod(['赵磊'], NOW, TZ, 'any')).toMatchObject({ period: null, rest: ['赵磊'] });
  });
});

describe('time windows as people write them', () => {
  const at = (d: Date) => formatLocal(d, TZ);
  const table: Array<[string, string, string, string]> = [
    ['11月28日 8点到10点 三号线缺料', '2025-11-28 08:00', '2025-11-28 10:00', '三号线缺料'],
    ['11月26日 8点到10点 三号线缺料', '2026-11-26 08:00', '2026-11-26 10:00', '三号线缺料'],
    ['11月26日8点到10点半', '2026-11-26 08:00', '2026-11-26 10:30', ''],
    ['11月26日 下午2点到4点 停机', '2026-11-26 14:00', '2026-11-26 16:00', '停机'],
    ['11月26日 上午10点到下午3点', '2026-11-26 10:00', '2026-11-26 15:00', ''],
    ['十一月二十六日 八点到十点', '2026-11-26 08:00', '2026-11-26 10:00', ''],
    ['昨天下午 主轴故障', '2026-11-26 12:00', '2026-11-26 18:00', '主轴故障'],
    ['今天上午', '2026-11-27 08:00', '2026-11-27 12:00', ''],
    ['前天', '2026-11-25 00:00', '2026-11-26 00:00', ''],
    ['昨天 晚上10点到凌晨2点', '2026-11-26 22:00', '2026-11-27 02:00', ''],
    ['11-26 08:00-10:00 铝材未到', '2026-11-26 08:00', '2026-11-26 10:00', '铝材未到'],
    ['11/26 08:00-10:00', '2026-11-26 08:00', '2026-11-26 10:00', ''],
    ['2026-11-20 08:00-12:00 3号机主轴故障停机', '2026-11-20 08:00', '2026-11-20 12:00', '3号机主轴故障停机'],
    ['2026-11-20 08:00 至 2026-11-21 12:00 铝材未到货', '2026-11-20 08:00', '2026-11-21 12:00', '铝材未到货'],
    ['2026-11-20 全厂停电', '2026-11-20 00:00', '2026-11-21 00:00', '全厂停电'],
    ['11月20日至11月21日 盘点', '2026-11-20 00:00', '2026-11-22 00:00', '盘点'],
    ['2026年11月20日 8:00-12:00', '2026-11-20 08:00', '2026-11-20 12:00', ''],
    ['１１月２６日 ８点到１０点', '2026-11-26 08:00', '2026-11-26 10:00', ''],
  ];
  it.each(table)('%s', (text, start, end, rest) => {
    const w = parseTimeWindow(text, NOW, TZ)!;
    expect([at(w.start), at(w.end), w.rest]).toEqual([start, end, rest]);
  });

  it.each(['三号线缺料', '8点到10点', '主轴故障 11月26日'])('%s does not start with a date', (text) => {
    expect(parseTimeWindow(text, NOW, TZ)).toBeNull();
  });

  it.each([
    ['11月26日 8点', '需要开始和结束时间'],
    ['11月26日 10点到8点', '结束时间必须晚于开始时间'],
    ['2月30日', '无法识别的日期'],
    ['11月26日 25点到26点', '无法识别的时间'],
  ])('%s is refused with an example', (text, why) => {
    expect(() => parseTimeWindow(text, NOW, TZ)).toThrow(UserError);
    expect(() => parseTimeWindow(text, NOW, TZ)).toThrow(why);
    expect(() => parseTimeWindow(text, NOW, TZ)).toThrow(/11月28日 8点到10点/);
  });
});

describe('people at the start of a command', () => {
  const names = (text: string) => splitPeople(text).names.map((n) => n.text);
  it.each<[string, string[], string]>([
    ['@赵磊 @孙丽 主动加班支援 周末抢修', ['赵磊', '孙丽'], '主动加班支援 周末抢修'],
    ['@赵磊@孙丽 主动加班支援', ['赵磊', '孙丽'], '主动加班支援'],
    ['@赵磊、@孙丽 主动加班支援', ['赵磊', '孙丽'], '主动加班支援'],
    ['＠赵磊 主动加班支援', ['赵磊'], '主动加班支援'],
    ['@ 赵磊 主动加班支援', ['赵磊'], '主动加班支援'],
    ['赵磊、孙丽 主动加班支援', ['赵磊', '孙丽'], '主动加班支援'],
    ['赵磊 主动加班支援', ['赵磊'], '主动加班支援'],
    ['@zhaolei', ['zhaolei'], ''],
    ['＠赵磊 主动加班支援 周末抢修，辛苦了！', ['赵磊'], '主动加班支援 周末抢修，辛苦了！'],
    ['', [], ''],
  ])('%s', (text, people, rest) => {
    expect(names(text)).toEqual(people);
    expect(splitPeople(text).rest).toBe(rest);
  });
});

describe('metric names in Chinese', () => {
  const metrics = [
    { code: 'yield_rate', name: '良品率' }, { code: 'scrap_rate', name: '报废率' }, { code: 'work_orders_completed', name: '工单完成数' },
    { code: 'equipment_downtime', name: '设备停机时长' }, { code: 'first_pass_yield', name: '首件合格率' },
  ];
  it.each([
    ['良品率', 'yield_rate'], ['良率', 'yield_rate'], ['yield_rate', 'yield_rate'], ['工单', 'work_orders_completed'],
    ['停机', 'equipment_downtime'], ['首件', 'first_pass_yield'], ['报废', 'scrap_rate'],
  ])('%s → %s', (text, code) => {
    const m = matchMetric(text, metrics);
    expect(m.kind === 'one' && m.metric.code).toBe(code);
  });
  it('an unknown or ambiguous name is not guessed', () => {
    expect(matchMetric('出勤率', metrics).kind).toBe('none');
    expect(matchMetric('率', metrics).kind).toBe('many');
  });
});

describe('what an unknown message most likely meant', () => {
  const all = ['查询', '表扬', '提醒', '申诉', '申报', '排行', '待办', '帮助', '我的记录', '评价'];
  it.each([
    ['查分', '查询'], ['我的绩效', '查询'], ['成绩', '查询'], ['分数', '查询'], ['我的成绩 上月', '查询'],
    ['查讯 本月', '查询'], ['表杨 @赵磊', '表扬'], ['点赞 @赵磊', '表扬'], ['排名', '排行'], ['分数不对', '申诉'],
    ['设备故障 昨天下午', '申报'], ['怎么用', '帮助'], ['代办', '待办'],
  ])('%s → %s', (text, command) => {
    expect(suggestCommand(text, all)?.command).toBe(command);
  });
  it('suggests only commands the reader has, and nothing for chatter', () => {
    expect(suggestCommand('排名', all.filter((c) => c !== '排行'))).toBeNull();
    expect(suggestCommand('今天食堂吃什么', all)).toBeNull();
    expect(suggestCommand('好的', all)).toBeNull();
  });
});
