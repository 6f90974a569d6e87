import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FormulaError,
  MAX_FORMULA_DEPTH,
  describeFormulaError,
  evaluateFormula,
  formatFormula,
  parseFormula,
  tryEvaluate,
} from '../../src/domain/formula';

const calc = (source: string, inputs: Record<string, number> = {}): number =>
  evaluateFormula(parseFormula(source), inputs);

function errorOf(run: () => unknown): FormulaError {
  try {
    run();
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw err;
  }
  throw new Error('expected a FormulaError');
}

describe('evaluateFormula', () => {
  test.each<[string, Record<string, number>, number]>([
    ['2-3-4', {}, -5],
    ['2*3+4', {}, 10],
    ['2+3*4', {}, 14],
    ['-2*3', {}, -6],
    ['8/4/2', {}, 1],
    ['2*(3+4)', {}, 14],
    ['((1))', {}, 1],
    ['-(2+3)', {}, -5],
    ['--2', {}, 2],
    ['+2', {}, 2],
    ['3 - -2', {}, 5],
    ['1.5e2 + 2E-1 + 0.25', {}, 150.45],
    ['good / (good + scrap)', { good: 3, scrap: 1 }, 0.75],
    ['scrap / (good + scrap) * 100', { good: 995, scrap: 5 }, 0.5],
    ['errors / samples * 100', { errors: 1, samples: 400 }, 0.25],
    ['min(3, 1, 2) + max(4, 9)', {}, 10],
    ['sum(1, 2, 3) + avg(2, 4)', {}, 9],
    ['abs(-4) + round(2.5) + round(-2.5)', {}, 4],
    ['round(1.005, 2)', {}, 1.01],
    ['round(1234.5, -2)', {}, 1200],
    ['round(98.765, 1)', {}, 98.8],
    ['if(1 < 2, 10, 20)', {}, 10],
    ['if(a >= 100, 1, 0) + if(a <= 99, 1, 0) + if(a == 100, 1, 0) + if(a != 100, 1, 0)', { a: 100 }, 2],
    ['(1 > 2) + (2 > 1)', {}, 1],
    ['if(n == 0, 0, x / n)', { n: 0, x: 5 }, 0],
    ['IF(n > 0, MAX(x, 1), 0)', { n: 1, x: 3 }, 3],
    ['合格品 / (合格品 + 报废品) * 100', { 合格品: 90, 报废品: 10 }, 90],
    ['（a＋b）×２÷４－１', { a: 1, b: 3 }, 1],
    ['a ≤ b', { a: 1, b: 1 }, 1],
    ['min（a，b）', { a: 4, b: 2 }, 2],
    ['  a\t*\n b\u3000 ', { a: 2, b: 3 }, 6],
    ['_x1 + y_2', { _x1: 1, y_2: 2 }, 3],
    ['0 * -1', {}, 0],
  ])('%s = %p', (source, inputs, expected) => {
    const value = calc(source, inputs);
    expect(value).toBeCloseTo(expected, 10);
    expect(Object.is(value, -0)).toBe(false);
  });

  test('if() evaluates only the chosen branch', () => {
    expect(calc('if(1, 1, missing)')).toBe(1);
    expect(calc('if(0, 1 / 0, 2)')).toBe(2);
  });
});

describe('parseFormula', () => {
  test('lists distinct inputs in order of first appearance', () => {
    expect(parseFormula('scrap / (good + scrap) * 100 + max(good, other)').inputs).toEqual(['scrap', 'good', 'other']);
    expect(parseFormula('1 + 2').inputs).toEqual([]);
  });

  test.each<[string, number, string]>([
    ['(a + b', 6, '公式末尾缺少右括号（第 1 个字符处的左括号未闭合）'],
    ['min(a, b', 8, '公式末尾缺少右括号（第 4 个字符处的左括号未闭合）'],
    ['a + b)', 5, '公式第 6 个字符处多了一个右括号'],
    ['a +', 3, '公式末尾缺少数字或输入项'],
    ['a * / b', 4, '公式第 5 个字符处缺少数字或输入项'],
    ['1 2', 2, '公式第 3 个字符处缺少运算符'],
    ['(a b)', 3, '公式第 4 个字符处缺少运算符或右括号'],
    ['min(a b)', 6, '公式第 7 个字符处缺少运算符、逗号或右括号'],
    ['', 0, '公式为空'],
    ['   ', 0, '公式为空'],
    ['a; b', 1, '公式第 2 个字符处有不允许的字符“;”'],
    ['`a`', 0, '公式第 1 个字符处有不允许的字符“`”'],
    ['process.exit()', 7, '公式第 8 个字符处有不允许的字符“.”'],
    ['a.b', 1, '公式第 2 个字符处有不允许的字符“.”'],
    ['a[0]', 1, '公式第 2 个字符处有不允许的字符“[”'],
    ['x = 1', 2, '公式第 3 个字符处不能使用赋值“=”，比较相等请用“==”'],
    ['constructor', 0, '公式第 1 个字符处不能使用保留名称“constructor”'],
    ['__proto__', 0, '公式第 1 个字符处不能使用保留名称“__proto__”'],
    ['toString + 1', 0, '公式第 1 个字符处不能使用保留名称“toString”'],
    ['a + min', 4, '公式第 5 个字符处的函数 min 后缺少括号'],
    ['a < b < c', 6, '公式第 7 个字符处比较运算不能连写，请用括号或 if() 分开'],
    ['1.2.3', 0, '公式第 1 个字符处的数字格式不正确'],
    ['(a, b)', 2, '公式第 3 个字符处的逗号只能用于函数参数之间'],
    ['"a"', 0, '公式第 1 个字符处有不允许的字符“"”'],
    ['!a', 0, '公式第 1 个字符处有不允许的字符“!”'],
    ['() => 1', 1, '公式第 2 个字符处缺少数字或输入项'],
    ['合格品 ÷ ）', 6, '公式第 7 个字符处缺少数字或输入项'],
  ])('%p is a syntax error at %p', (source, position, chinese) => {
    const err = errorOf(() => parseFormula(source));
    expect(err.reason).toBe('syntax');
    expect(err.position).toBe(position);
    expect(err.message.length).toBeGreaterThan(0);
    expect(describeFormulaError(err)).toBe(chinese);
  });

  test.each<[string, FormulaError['reason'], number]>([
    ['eval(1)', 'unknown_function', 0],
    ['a + Function(1)', 'unknown_function', 4],
    ['constructor(1)', 'unknown_function', 0],
    ['abs(1, 2)', 'arity', 0],
    ['round()', 'arity', 0],
    ['if(1, 2)', 'arity', 0],
    ['1 + max()', 'arity', 4],
    ['1e999', 'not_finite', 0],
  ])('%p fails with %p at %p', (source, reason, position) => {
    const err = errorOf(() => parseFormula(source));
    expect(err.reason).toBe(reason);
    expect(err.position).toBe(position);
  });

  test('unknown functions and wrong arity are described in Chinese', () => {
    expect(describeFormulaError(errorOf(() => parseFormula('median(a)')))).toBe(
      '公式第 1 个字符处使用了不支持的函数“median”（可用：min、max、sum、avg、abs、round、if）',
    );
    expect(describeFormulaError(errorOf(() => parseFormula('round(a, 1, 2)')))).toBe(
      '公式第 1 个字符处的函数 round 需要 1–2 个参数，实际为 3 个',
    );
  });

  test('rejects formulas over 500 characters (too_long)', () => {
    const source = Array.from({ length: 200 }, () => 'a').join('+'); // 399 characters
    expect(parseFormula(source).inputs).toEqual(['a']);
    expect(errorOf(() => parseFormula('1+'.repeat(250) + '1')).reason).toBe('too_long');
    expect(errorOf(() => parseFormula(' '.repeat(10_000))).reason).toBe('too_long');
  });

  test('rejects nesting deeper than 32 levels (too_deep)', () => {
    const nest = (n: number): string => '('.repeat(n) + '1' + ')'.repeat(n);
    expect(calc(nest(MAX_FORMULA_DEPTH))).toBe(1);
    expect(errorOf(() => parseFormula(nest(MAX_FORMULA_DEPTH + 1))).reason).toBe('too_deep');
    expect(errorOf(() => parseFormula('-'.repeat(40) + '1')).reason).toBe('too_deep');
    expect(errorOf(() => parseFormula('abs('.repeat(40) + '1' + ')'.repeat(40))).reason).toBe('too_deep');
  });
});

describe('safety', () => {
  const g = globalThis as { __formulaPwned?: number };

  test.each([
    'globalThis.__formulaPwned = 1',
    '__formulaPwned = 1',
    'process.exit(1)',
    'require("fs")',
    'constructor.constructor("globalThis.__formulaPwned = 1")()',
    'this.__formulaPwned',
    '`${globalThis.__formulaPwned = 1}`',
    '(() => { globalThis.__formulaPwned = 1 })()',
    'a[0]',
    'x = 1',
  ])('%p runs no code', (source) => {
    g.__formulaPwned = 0;
    expect(() => evaluateFormula(parseFormula(source), { a: 1, x: 1 })).toThrow(FormulaError);
    expect(g.__formulaPwned).toBe(0);
  });

  test('inputs resolve only to own properties of the record', () => {
    const err = errorOf(() => calc('valueOf2 + hasOwn', {}));
    expect(err.reason).toBe('missing_input');
    const inherited = Object.create({ good: 5 }) as Record<string, number>;
    expect(errorOf(() => calc('good', inherited)).reason).toBe('missing_input');
  });

  test('the formula modules contain no eval, Function constructor or vm', () => {
    const dir = join(__dirname, '../../src/domain');
    const files = readdirSync(dir).filter((f) => f.startsWith('formula'));
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(|from\s+['"](node:)?vm['"]|require\(/);
    }
  });
});

describe('evaluation errors', () => {
  test.each<[string, Record<string, number>, FormulaError['reason'], string]>([
    ['good / (good + scrap)', { good: 0, scrap: 0 }, 'divide_by_zero', '本期无数据：good + scrap 为 0'],
    ['a / b', { a: 3, b: 0 }, 'divide_by_zero', '本期无数据：b 为 0'],
    ['0 / 0', {}, 'divide_by_zero', '公式第 3 个字符处除以 0'],
    ['good / (good + scrap)', { good: 1 }, 'missing_input', '缺少输入 scrap'],
    ['a * 2', { a: Number.NaN }, 'not_finite', '输入 a 不是有效数字'],
    ['a * 2', { a: Number.POSITIVE_INFINITY }, 'not_finite', '输入 a 不是有效数字'],
    ['a * a', { a: 1e200 }, 'not_finite', '计算结果超出数值范围'],
    ['a', { a: '3' as unknown as number }, 'not_finite', '输入 a 不是有效数字'],
  ])('%s with %p → %s', (source, inputs, reason, chinese) => {
    const f = parseFormula(source);
    expect(errorOf(() => evaluateFormula(f, inputs)).reason).toBe(reason);
    expect(tryEvaluate(f, inputs)).toEqual({ ok: false, reason, message: chinese });
  });

  test('tryEvaluate words its messages with input labels when given', () => {
    const f = parseFormula('good / (good + scrap) * 100');
    const labels = { good: '合格品数量', scrap: '报废品数量' };
    expect(tryEvaluate(f, { good: 0, scrap: 0 }, labels)).toEqual({
      ok: false,
      reason: 'divide_by_zero',
      message: '本期无数据：合格品数量 + 报废品数量 为 0',
    });
    expect(tryEvaluate(f, { good: 1 }, labels)).toEqual({
      ok: false,
      reason: 'missing_input',
      message: '缺少输入 报废品数量（scrap）',
    });
    expect(tryEvaluate(f, { good: 99, scrap: 1 })).toEqual({ ok: true, value: 99 });
  });

  test('describeFormulaError has a fallback for other errors', () => {
    expect(describeFormulaError(new Error('x'))).toBe('公式无法计算');
    expect(describeFormulaError(new FormulaError('too_deep', 'x'))).toBe('公式嵌套层数过多');
  });
});

describe('formatFormula', () => {
  test.each([
    ['good/(good+scrap)', 'good / (good + scrap)'],
    ['scrap / (good + scrap) * 100', 'scrap / (good + scrap) * 100'],
    ['((a + b)) + c', 'a + b + c'],
    ['a + (b + c)', 'a + (b + c)'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(a * b) / c', 'a * b / c'],
    ['a / (b * c)', 'a / (b * c)'],
    ['-(a + b) * -c', '-(a + b) * -c'],
    ['(-a) * b', '-a * b'],
    ['+a', 'a'],
    ['IF(a>=1,Round(b,2),0)', 'if(a >= 1, round(b, 2), 0)'],
    ['(a < b) == (c < d)', '(a < b) == (c < d)'],
    ['1 + 2 < 3 * 4', '1 + 2 < 3 * 4'],
    ['（合格品＋报废品）×1.50', '(合格品 + 报废品) * 1.5'],
    ['2.5e3', '2500'],
  ])('%p → %p', (source, expected) => {
    const f = parseFormula(source);
    expect(formatFormula(f)).toBe(expected);
    // The rendering parses back to the same tree (positions aside) and value.
    const again = parseFormula(expected);
    expect(formatFormula(again)).toBe(expected);
    const inputs = Object.fromEntries(f.inputs.map((name, i) => [name, i + 2]));
    expect(tryEvaluate(again, inputs)).toEqual(tryEvaluate(f, inputs));
  });

  test('renders labels for people', () => {
    expect(formatFormula(parseFormula('good / (good + scrap) * 100'), { good: '合格品', scrap: '报废品' })).toBe(
      '合格品 / (合格品 + 报废品) * 100',
    );
  });
});
