/** `调查 …` as HR and managers type it (pure). */
import { findTemplate, SURVEY_TEMPLATES, type SurveyScale, type SurveyTemplate } from './templates';

export type SurveyCommand =
  | { kind: 'overview' }
  | { kind: 'templates' }
  | { kind: 'launch'; template: SurveyTemplate; scale: SurveyScale; department: string | null; days: number | null }
  | { kind: 'results'; template: SurveyTemplate | null }
  | { kind: 'close'; template: SurveyTemplate };

export const TEMPLATE_NAMES = SURVEY_TEMPLATES.map((t) => t.name).join('、');

export class SurveyCommandError extends Error {}

const fail = (msg: string): never => {
  throw new SurveyCommandError(msg);
};

function template(word: string | undefined, verb: string): SurveyTemplate {
  if (!word) fail(`请写明模板，例如：调查 ${verb} ${SURVEY_TEMPLATES[0].name}。可用模板：${TEMPLATE_NAMES}。`);
  return findTemplate(word!) ?? fail(`没有名为“${word}”的调查模板。可用模板：${TEMPLATE_NAMES}。发送“调查 模板”查看题目。`);
}

export function parseSurveyCommand(rest: string): SurveyCommand {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const [verb, ...args] = words;
  if (!verb) return { kind: 'overview' };
  switch (verb) {
    case '模板':
      return { kind: 'templates' };
    case '发起':
    case '开始': {
      const t = template(args[0], '发起');
      let scale: SurveyScale = t.scale;
      let department: string | null = null;
      let days: number | null = null;
      for (const a of args.slice(1)) {
        const d = a.match(/^(\d{1,2})天$/);
        if (d) {
          days = Number(d[1]);
          if (days < 1 || days > 30) fail('调查时长请写 1–30 天，例如：7天。');
        } else if (a === '是否' || a === '是/否') scale = 'yesno';
        else if (a === '五分' || a === '1-5' || a === '1–5') scale = 'agree5';
        else if (a === '全体' || a === '全员' || a === '所有人') department = null;
        else if (department === null) department = a;
        else fail(`没有看懂“${a}”。格式：调查 发起 模板 [部门] [是否] [N天]`);
      }
      return { kind: 'launch', template: t, scale, department, days };
    }
    case '结果':
      return { kind: 'results', template: args[0] ? template(args[0], '结果') : null };
    case '结束':
      return { kind: 'close', template: template(args[0], '结束') };
    default: {
      const t = findTemplate(verb);
      if (t) return { kind: 'results', template: t };
      return fail(`没有看懂“${verb}”。可发送：调查 模板 / 调查 发起 ${SURVEY_TEMPLATES[0].name} / 调查 结果 / 调查 结束 ${SURVEY_TEMPLATES[0].name}`);
    }
  }
}
