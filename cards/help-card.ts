/**
 * 帮助 that fits the reader: the commands this person can use (employee / manager / HR), grouped
 * by what they want to do, each with a real example written with their own colleagues' names.
 * Markdown messages, each within WeCom's 2048 bytes (a card holds six rows and 160 characters,
 * too little for this). Also the answer to a message nobody understood: the closest command.
 */
import { buildKey } from './keys';

export interface HelpCommand {
  name: string;
  usage: string;
  description: string;
}

export type HelpRole = 'employee' | 'manager' | 'hr';

/** Names and words from the reader's own org, so every example works as written. */
export interface HelpReader {
  name: string;
  roles: ReadonlySet<HelpRole>;
  /** Two of the reader's reports (managers), or two members anywhere (HR). */
  report: string;
  report2: string;
  /** Someone in another department (for 协作). */
  colleague: string;
  /** The reader's department (managers), or any department (HR). */
  department: string;
  praiseTag: string;
  remindTag: string;
}

export const HELP_GROUPS = ['查看成绩', '表扬提醒', '申诉申报', '团队管理', 'HR'] as const;
type Group = (typeof HELP_GROUPS)[number];

interface Entry {
  command: string;
  group: Group;
  /** Who sees it; a manager and HR also see every employee entry. */
  role: HelpRole;
  example: (r: HelpReader) => string;
  what: string;
}

const ENTRIES: Entry[] = [
  { command: '查询', group: '查看成绩', role: 'employee', example: () => '查询 本月', what: '您本月绩效的每一项；也可写 上周、11月、Q4' },
  { command: '查询', group: '查看成绩', role: 'manager', example: (r) => `查询 ${r.report} 上月`, what: '下属的绩效（写名字的一部分也可以，卡片里点选）' },
  { command: '我的记录', group: '查看成绩', role: 'employee', example: () => '我的记录', what: '您收到的表扬、提醒和本月行为分' },
  { command: '标签', group: '查看成绩', role: 'employee', example: () => '标签', what: '表扬/提醒标签及分值' },
  { command: '待办', group: '查看成绩', role: 'employee', example: () => '待办', what: '等您处理的评价和审批' },
  { command: '表扬', group: '表扬提醒', role: 'manager', example: (r) => `表扬 @${r.report} ${r.praiseTag}`, what: '记一条表扬；只发“表扬”则点选下属和标签（2 次点击）' },
  { command: '表扬', group: '表扬提醒', role: 'manager', example: (r) => `表扬 @${r.report} @${r.report2} ${r.praiseTag} 周末抢修`, what: '同时表扬几位，最后是备注' },
  { command: '提醒', group: '表扬提醒', role: 'manager', example: (r) => `提醒 @${r.report} ${r.remindTag}`, what: '私下提醒，仅本人和上级可见' },
  { command: '协作', group: '表扬提醒', role: 'employee', example: (r) => `协作 @${r.colleague} 5 来料检验及时`, what: '给其他部门的同事评协作（每人每月一次）' },
  { command: '建议', group: '表扬提醒', role: 'employee', example: () => '建议 二号线换模时增加定位销', what: '提交改进建议' },
  { command: '申诉', group: '申诉申报', role: 'employee', example: () => '申诉 上周 周三的合格品漏记了 20 件', what: '对得分申诉，之后可发图片、文件或文字作证据' },
  { command: '补充材料', group: '申诉申报', role: 'employee', example: () => '补充材料', what: '给待处理的申诉或申报补充证据' },
  { command: '我的申诉', group: '申诉申报', role: 'employee', example: () => '我的申诉', what: '申诉进度和处理结果' },
  { command: '申报', group: '申诉申报', role: 'employee', example: () => '申报 物料延迟 昨天下午 铝材未到货', what: '设备故障、物料延迟、停电等异常，获批后该时段不计入' },
  { command: '我的申报', group: '申诉申报', role: 'employee', example: () => '我的申报', what: '异常申报的审批结果' },
  { command: '评价', group: '团队管理', role: 'manager', example: (r) => `评价 @${r.report} 4 本月主动支援夜班`, what: '月度评价 1–5 星；只发“评价”用卡片' },
  { command: '排行', group: '团队管理', role: 'manager', example: (r) => `排行 ${r.department} 本月`, what: '部门排名，卡片可打开排行页面' },
  { command: '完成率', group: '团队管理', role: 'manager', example: () => '完成率', what: '近 4 周过程记录完成率' },
  { command: '调查', group: '团队管理', role: 'manager', example: () => '调查 结果', what: '匿名调查结果（所辖部门，每组至少5人才显示）' },
  { command: '导出', group: 'HR', role: 'hr', example: () => '导出 上月', what: '全员得分 Excel' },
  { command: '排行', group: 'HR', role: 'hr', example: (r) => `排行 ${r.department} 上周`, what: '任一部门的排名' },
  { command: '标签', group: 'HR', role: 'hr', example: () => '标签 新增 表扬 质量之星 5', what: '新增、停用、启用标签' },
  { command: '调查', group: 'HR', role: 'hr', example: () => '调查 发起 公平感', what: '发起匿名调查（调查 模板 / 调查 结果 / 调查 结束 公平感）' },
];

const ROLE_LABEL: Record<HelpRole, string> = { employee: '员工', manager: '主管', hr: 'HR' };
export const MARKDOWN_MAX_BYTES = 2048;

function visible(e: Entry, r: HelpReader, available: ReadonlySet<string>): boolean {
  return available.has(e.command) && (e.role === 'employee' || r.roles.has(e.role));
}

/** The command names this reader may use (the ones their help lists). */
export function commandsFor(r: HelpReader, commands: readonly HelpCommand[]): string[] {
  const available = new Set(commands.map((c) => c.name));
  const described = new Set(ENTRIES.map((e) => e.command));
  return commands
    .map((c) => c.name)
    .filter((n) => ENTRIES.some((e) => e.command === n && visible(e, r, available)) || n === '帮助' || (!described.has(n) && r.roles.has('hr')));
}

/** The reader's example for a command (the first that applies), e.g. `查询 本月`. */
export function exampleFor(command: string, r: HelpReader, available: ReadonlySet<string>): string | null {
  const e = ENTRIES.find((x) => x.command === command && visible(x, r, available));
  return e ? e.example(r) : null;
}

/**
 * The help as markdown messages, split between groups so each stays within 2048 bytes. Commands
 * registered by other modules but not described here are listed under HR (or 查看成绩 for all)
 * with their own usage line, so nothing the bot understands is hidden.
 */
export function buildHelpMessages(r: HelpReader, commands: readonly HelpCommand[]): string[] {
  const available = new Set(commands.map((c) => c.name));
  const described = new Set(ENTRIES.map((e) => e.command));
  const sections: string[] = [];
  for (const group of HELP_GROUPS) {
    const lines = ENTRIES.filter((e) => e.group === group && visible(e, r, available)).map((e) => `\`${e.example(r)}\`　${e.what}`);
    if (group === 'HR' && r.roles.has('hr')) {
      for (const c of commands) if (!described.has(c.name) && c.name !== '帮助') lines.push(`\`${c.usage}\`　${c.description}`);
    }
    if (lines.length > 0) sections.push(`**${group}**\n${lines.join('\n')}`);
  }
  const roles = [...r.roles].map((x) => ROLE_LABEL[x]).join('、');
  const head = `**${r.name}，您可以这样用绩效助手**（${roles}）\n人员可写姓名、@姓名或账号；周期可写 本周、上周、本月、11月、Q4。`;
  const tail = '> 发送“取消”可结束正在进行的申诉或申报材料补充。';
  const messages: string[] = [];
  let current = head;
  for (const s of [...sections, tail]) {
    const next = `${current}\n\n${s}`;
    if (Buffer.byteLength(next, 'utf8') > MARKDOWN_MAX_BYTES) {
      messages.push(current);
      current = s;
    } else current = next;
  }
  messages.push(current);
  return messages;
}

/** A message no command took: the command the reader most likely meant, with their example. */
export function buildFallbackText(r: HelpReader, commands: readonly HelpCommand[], said: string, suggestion: string | null): string {
  const available = new Set(commands.map((c) => c.name));
  const quoted = [...said.trim()].length > 12 ? `${[...said.trim()].slice(0, 12).join('')}…` : said.trim();
  if (suggestion) {
    const example = exampleFor(suggestion, r, available) ?? suggestion;
    return `没有找到命令“${quoted}”。您是想用“${suggestion}”吗？可以这样发：${example}\n发送“帮助”查看您可以使用的全部命令。`;
  }
  const examples = ['查询', '申诉', '表扬'].map((c) => exampleFor(c, r, available)).filter((x): x is string => x !== null);
  return `没有听懂这条消息。发送“帮助”查看您可以使用的命令${examples.length ? `，例如：${examples.join('；')}` : ''}。`;
}

/** Old help cards still carry this button; a tap answers with the reader's help. */
export const HELP_EXAMPLES_KEY = buildKey('help', 'examples');

