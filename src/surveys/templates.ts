/**
 * The survey templates HR launches from, and their answer scales. Option ids on the vote card are
 * distinctive strings (never bare digits) so that a stored or logged payload can be checked for them.
 */

export type SurveyScale = 'agree5' | 'yesno';

export interface SurveyTemplate {
  /** Stable code kept across rounds (trends and the outcome report key on it). */
  code: string;
  /** What HR types: 调查 发起 公平感. */
  name: string;
  /** Other words HR may type for it. */
  aliases: string[];
  /** The statement as asked. */
  question: string;
  scale: SurveyScale;
}

export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [
  { code: 'fairness', name: '公平感', aliases: ['公平', '评价公平'], question: '我认为绩效评价是公平的', scale: 'agree5' },
  { code: 'work_matters', name: '工作重要', aliases: ['重要感', '工作意义', '重要'], question: '我感觉自己的工作对公司重要', scale: 'agree5' },
];

export interface ScaleOption {
  /** The option id on the card (checkbox.option_list[].id). */
  id: string;
  /** The stored value: 1–5, or 1 (是) / 0 (否). */
  value: number;
  text: string;
  /** Counts towards the agreement share (4–5, or 是). */
  agrees: boolean;
}

export const SCALE_OPTIONS: Record<SurveyScale, readonly ScaleOption[]> = {
  agree5: [
    { id: 'likert_5', value: 5, text: '5 非常同意', agrees: true },
    { id: 'likert_4', value: 4, text: '4 同意', agrees: true },
    { id: 'likert_3', value: 3, text: '3 一般', agrees: false },
    { id: 'likert_2', value: 2, text: '2 不同意', agrees: false },
    { id: 'likert_1', value: 1, text: '1 非常不同意', agrees: false },
  ],
  yesno: [
    { id: 'yesno_yes', value: 1, text: '是', agrees: true },
    { id: 'yesno_no', value: 0, text: '否', agrees: false },
  ],
};

export const SCALE_LABEL: Record<SurveyScale, string> = { agree5: '1–5 分', yesno: '是/否' };

/** Every option id of every scale (tests scan stored rows and logs for these). */
export const ALL_OPTION_IDS: readonly string[] = Object.values(SCALE_OPTIONS).flatMap((opts) => opts.map((o) => o.id));

export function findTemplate(word: string): SurveyTemplate | null {
  const w = word.trim();
  return SURVEY_TEMPLATES.find((t) => t.name === w || t.code === w || t.aliases.includes(w) || t.question === w) ?? null;
}

export function templateByCode(code: string): SurveyTemplate | null {
  return SURVEY_TEMPLATES.find((t) => t.code === code) ?? null;
}

export function optionById(scale: SurveyScale, id: string): ScaleOption | null {
  return SCALE_OPTIONS[scale].find((o) => o.id === id) ?? null;
}

export function optionByValue(scale: SurveyScale, value: number): ScaleOption | null {
  return SCALE_OPTIONS[scale].find((o) => o.value === value) ?? null;
}

/** The smallest group whose results are shown. */
export const MIN_GROUP = 5;
