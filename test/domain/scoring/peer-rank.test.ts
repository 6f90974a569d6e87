import { MIN_POSITION_GROUP, rankPeers, type PeerEntry } from '../../../src/domain/scoring';

const e = (userId: string, departmentId: number | null, position: string, total: number | null): PeerEntry => ({
  userId,
  departmentId,
  position,
  total,
});

/*
 * 生产部 (1): five 操作工 with totals plus one without, and two 班组长.
 * 质量部 (2): four ranked 质检员 (+ one null), one 质量工程师, one 操作工.
 * 仓储部 (3): one 仓管员. Two people without a department.
 */
const entries: PeerEntry[] = [
  e('o1', 1, '操作工', 92),
  e('o2', 1, '操作工', 88),
  e('o3', 1, '操作工', 88),
  e('o4', 1, '操作工', 75),
  e('o5', 1, '操作工', 60),
  e('o6', 1, '操作工', null),
  e('l1', 1, '班组长', 95),
  e('l2', 1, '班组长', 80),
  e('q1', 2, '质检员', 88),
  e('q2', 2, '质检员', 88),
  e('q3', 2, '质检员', 70),
  e('q4', 2, '质检员', 65),
  e('q5', 2, '质检员', null),
  e('g1', 2, '质量工程师', 91),
  e('x1', 2, '操作工', 99),
  e('w1', 3, '仓管员', 77),
  e('n1', null, '实习生', 50),
  e('n2', null, '实习生', 60),
];

describe('rankPeers', () => {
  const ranks = rankPeers(entries);

  it('five ranked 操作工 in 生产部 → 同部门同岗位; ties share a rank (1, 2, 2, 4, 5)', () => {
    // percentile = people below / the 4 others: o1 4/4, o2 and o3 2/4 (75 and 60), o4 1/4, o5 0
    expect(ranks.get('o1')).toEqual({ rank: 1, of: 5, percentile: 100, group: '同部门同岗位' });
    expect(ranks.get('o2')).toEqual({ rank: 2, of: 5, percentile: 50, group: '同部门同岗位' });
    expect(ranks.get('o3')).toEqual({ rank: 2, of: 5, percentile: 50, group: '同部门同岗位' });
    expect(ranks.get('o4')).toEqual({ rank: 4, of: 5, percentile: 25, group: '同部门同岗位' });
    expect(ranks.get('o5')).toEqual({ rank: 5, of: 5, percentile: 0, group: '同部门同岗位' });
  });

  it('only two 班组长 → ranked in the whole 生产部 (7 ranked people)', () => {
    // l1 95: nobody above, 6 of 6 others below → 100
    expect(ranks.get('l1')).toEqual({ rank: 1, of: 7, percentile: 100, group: '全部门' });
    // l2 80: 95, 92, 88, 88 above → rank 5; 75 and 60 below → 2/6 = 33.3 → 33
    expect(ranks.get('l2')).toEqual({ rank: 5, of: 7, percentile: 33, group: '全部门' });
  });

  it('four ranked 质检员 (the null one does not count toward 5) → the whole 质量部, 6 ranked', () => {
    // 99 (x1), 91 (g1), 88, 88, 70, 65; 5 others each
    expect(ranks.get('x1')).toEqual({ rank: 1, of: 6, percentile: 100, group: '全部门' });
    expect(ranks.get('g1')).toEqual({ rank: 2, of: 6, percentile: 80, group: '全部门' });
    expect(ranks.get('q1')).toEqual({ rank: 3, of: 6, percentile: 40, group: '全部门' });
    expect(ranks.get('q2')).toEqual({ rank: 3, of: 6, percentile: 40, group: '全部门' });
    expect(ranks.get('q3')).toEqual({ rank: 5, of: 6, percentile: 20, group: '全部门' });
    expect(ranks.get('q4')).toEqual({ rank: 6, of: 6, percentile: 0, group: '全部门' });
  });

  it('does not mix the same position across departments (x1 is not one of 生产部’s 操作工)', () => {
    expect(ranks.get('o1')?.of).toBe(5);
  });

  it('a department of one: rank 1 of 1, percentile 0', () => {
    expect(ranks.get('w1')).toEqual({ rank: 1, of: 1, percentile: 0, group: '全部门' });
  });

  it('people without a department are ranked among themselves', () => {
    expect(ranks.get('n2')).toEqual({ rank: 1, of: 2, percentile: 100, group: '全部门' });
    expect(ranks.get('n1')).toEqual({ rank: 2, of: 2, percentile: 0, group: '全部门' });
  });

  it('does not rank a null total', () => {
    expect(ranks.has('o6')).toBe(false);
    expect(ranks.has('q5')).toBe(false);
    expect(ranks.size).toBe(entries.length - 2);
  });

  it('treats totals equal up to floating-point noise as a tie', () => {
    // Both are 88.49 by hand; in floating point the second is 88.49000000000001.
    const r = rankPeers([e('a', 1, 'p', 0.7 * 90.7 + 0.2 * 80 + 0.1 * 90), e('b', 1, 'p', 63.49 + 16 + 9), e('c', 1, 'p', 80)]);
    expect(63.49 + 16 + 9).toBeGreaterThan(0.7 * 90.7 + 0.2 * 80 + 0.1 * 90); // the noise is real
    expect(r.get('a')?.rank).toBe(1);
    expect(r.get('b')?.rank).toBe(1);
    expect(r.get('c')).toEqual({ rank: 3, of: 3, percentile: 0, group: '全部门' });
  });

  it('switches to 同部门同岗位 at exactly 5', () => {
    expect(MIN_POSITION_GROUP).toBe(5);
    const four = [1, 2, 3, 4].map((i) => e(`p${i}`, 9, '装配工', i * 10));
    const withOther = [...four, e('boss', 9, '主管', 100)];
    expect(rankPeers(withOther).get('p4')).toEqual({ rank: 2, of: 5, percentile: 75, group: '全部门' });
    const five = [...withOther, e('p5', 9, '装配工', 50)];
    expect(rankPeers(five).get('p4')).toEqual({ rank: 2, of: 5, percentile: 75, group: '同部门同岗位' });
  });

  it('returns an empty map for no entries', () => {
    expect(rankPeers([]).size).toBe(0);
  });
});
