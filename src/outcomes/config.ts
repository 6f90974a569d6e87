/**
 * The outcome report's fixed parameters, stated in docs/outcomes.md. Per-kind minutes estimate a
 * manager's time on performance work from what they recorded (count × minutes per kind).
 */

export type ActionKind = 'tag' | 'review' | 'appeal_decision' | 'exception_decision';

export interface ActionTime {
  minutes: number;
  label: string;
  /** Where the figure comes from, as the report and the doc state it. */
  source: string;
}

export const ACTION_MINUTES: Readonly<Record<ActionKind, ActionTime>> = {
  tag: { minutes: 0.25, label: '表扬/提醒标签', source: '实测：卡片打开到记录完成的中位数（tag_drafts，满 20 次后采用）；不足时按方案“每次操作不超过 15 秒”计 15 秒' },
  review: { minutes: 3, label: '月度评价（星级 + 评语）', source: '估计值：选星级并写一句评语约 3 分钟' },
  appeal_decision: { minutes: 15, label: '申诉处理', source: '估计值：查看证据、核对记录并回复约 15 分钟' },
  exception_decision: { minutes: 5, label: '异常申报审批', source: '估计值：核对停机/来料记录并批复约 5 分钟' },
};

/** Survey questions the report shows (codes agreed with the surveys module), in order. */
export const SURVEY_QUESTIONS: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'fairness', name: '认为绩效评价公平' },
  { code: 'work_matters', name: '感觉自己的工作对公司重要' },
];

/** A measured per-action time replaces the estimate once there are this many measurements. */
export const MIN_MEASUREMENTS = 20;
/** A tag card left open longer than this was set aside, not worked on: not a measurement. */
export const MAX_MEASURED_MINUTES = 10;

/** Days in a year for annualising turnover. */
export const DAYS_PER_YEAR = 365;
