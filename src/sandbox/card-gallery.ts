/**
 * `npm run docs:cards`: plays a short story through the simulator (the real app on a throwaway
 * SQLite file), collects every card the bot sent or updated, and renders each as WeCom would show
 * it: HTML from the card JSON, screenshotted with headless Chromium. The README shows the pictures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../app';
import { loadConfig } from '../config';
import { createDataSource } from '../data-source';
import { CollaborationRating, MetricAssignment, MetricRecord } from '../entities';
import { createLogger } from '../logger';
import type { ButtonInteractionCard, TemplateCard } from '../wecom/api-types';
import { renderCardPage } from './card-preview';
import { DEMO_ORG } from './demo-org';
import { startSimulator } from './simulator';

const CLOCK = new Date('2026-11-27T09:00:00Z'); // Friday 17:00 in Shanghai
const KEYS = { corpId: 'wwgallery000000001', agentId: 1000002, secret: 'gallery-secret', token: 'galleryToken', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

interface Shot {
  name: string;
  caption: string;
  card: TemplateCard;
}

async function main(outDir: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-gallery-'));
  const sim = await startSimulator({ ...KEYS, org: DEMO_ORG, clock: () => CLOCK });
  const config = loadConfig({
    WECOM_CORP_ID: KEYS.corpId, WECOM_AGENT_ID: String(KEYS.agentId), WECOM_SECRET: KEYS.secret, WECOM_TOKEN: KEYS.token,
    WECOM_ENCODING_AES_KEY: KEYS.encodingAESKey, WECOM_API_BASE: sim.url, WECOM_CALLBACK_MAX_SKEW_S: '0', PORT: '0',
    DATABASE_URL: `sqlite:${path.join(dir, 'gallery.sqlite')}`, PERFBOT_HR_USERIDS: 'heping', PERFBOT_DATA_DIR: dir, LOG_LEVEL: 'warn',
  });
  const ds = createDataSource(config.database);
  const app = await startApp(config, { ds, logger: createLogger('warn'), clock: () => CLOCK, schedule: false });
  sim.setCallbackUrl(`${app.url}/wecom/callback`);
  const shots: Shot[] = [];
  const say = async (from: string, text: string) => {
    await sim.sendText(from, text);
    await app.settle();
  };
  const lastCard = (to: string) => {
    const m = [...sim.sent].reverse().find((s) => s.recipients.includes(to) && s.msgtype === 'template_card');
    if (!m) throw new Error(`no card reached ${to}`);
    return { card: m.body.template_card as TemplateCard, taskId: m.taskId ?? '' };
  };
  const tap = async (from: string, taskId: string, card: TemplateCard, buttonText: string) => {
    const button = (card as ButtonInteractionCard).button_list?.find((b) => b.text.includes(buttonText));
    if (!button?.key) throw new Error(`no button ${buttonText}`);
    await sim.tapButton(from, { eventKey: button.key, taskId });
    await app.settle();
    return sim.cardUpdates.at(-1)?.templateCard;
  };
  const shoot = (name: string, caption: string, card: TemplateCard | undefined) => card && shots.push({ name, caption, card });

  try {
    await seed(ds);
    await say('lihua', '表扬');
    let c = lastCard('lihua');
    shoot('praise-people', '表扬 第 1 步：点选下属', c.card);
    const step2 = await tap('lihua', c.taskId, c.card, '赵磊');
    shoot('praise-tags', '表扬 第 2 步：点选标签', step2);
    const done = await tap('lihua', c.taskId, step2!, '主动加班支援');
    shoot('praise-recorded', '表扬 已记录（卡片原地更新）', done);
    shoot('praise-employee', '员工收到的表扬', lastCard('zhaolei').card);

    await say('wuhao', '申诉 2026-W48 本周抽检差错率含外协件，应剔除');
    c = lastCard('zhoumin');
    shoot('appeal-request', '主管收到的申诉（更正数据/调整得分/驳回）', c.card);
    await tap('zhoumin', c.taskId, c.card, '调整得分');
    await say('zhoumin', '抽检差错率 90 外协件的差错不计入本人');
    shoot('appeal-outcome', '员工收到的申诉结果：修正前后的得分', lastCard('wuhao').card);

    await say('wuhao', '申报 设备故障 2026-11-24 08:00-12:00 三坐标测量机故障');
    c = lastCard('zhoumin');
    shoot('exception-request', '主管收到的异常申报（批准/驳回）', c.card);
    await tap('zhoumin', c.taskId, c.card, '批准');
    shoot('exception-outcome', '异常申报批准后：修正前后的得分', lastCard('wuhao').card);

    await say('zhoumin', '评价');
    shoot('review-people', '评价：本月待评价的下属', lastCard('zhoumin').card);
    await say('zhoumin', '查询 吴昊 本月');
    shoot('scorecard', '查询：一张成绩单', lastCard('zhoumin').card);
    await say('heping', '排行 质量部 本月');
    shoot('ranking', '排行：部门排名', lastCard('heping').card);
    await say('lihua', '待办');
    shoot('todo', '待办：等我处理的事', lastCard('lihua').card);
  } finally {
    await app.stop();
    await sim.close();
    await ds.destroy().catch(() => undefined);
  }

  fs.mkdirSync(outDir, { recursive: true });
  for (const shot of shots) {
    const html = path.join(dir, `${shot.name}.html`);
    fs.writeFileSync(html, renderCardPage(shot.card, shot.caption));
    fs.writeFileSync(path.join(outDir, `${shot.name}.json`), JSON.stringify(shot.card, null, 2) + '\n');
    screenshot(html, path.join(outDir, `${shot.name}.png`));
  }
  fs.writeFileSync(path.join(outDir, 'index.md'), shots.map((s) => `- ${s.caption}: ![${s.caption}](${s.name}.png)`).join('\n') + '\n');
  console.log(`rendered ${shots.length} cards into ${outDir}`);
}

async function seed(ds: import('typeorm').DataSource): Promise<void> {
  const now = CLOCK;
  await ds.getRepository(MetricAssignment).insert([
    { userId: 'wuhao', metricCode: 'sampling_error_rate', periodKey: '', target: 0.5, weight: 50, floor: true, updatedAt: now },
    { userId: 'wuhao', metricCode: 'inspections_completed', periodKey: '', target: 80, weight: 50, floor: false, updatedAt: now },
  ]).catch(() => undefined);
  const rec = (input: string, value: number, day: string, id: string) => ({ userId: 'wuhao', input, value, occurredAt: new Date(`${day}T10:00:00+08:00`), source: 'QMS', externalId: id, ref: id, createdAt: now });
  await ds.getRepository(MetricRecord).insert([rec('errors', 2, '2026-11-24', 'E1'), rec('samples', 400, '2026-11-24', 'S1'), rec('inspections', 52, '2026-11-20', 'B1')]).catch(() => undefined);
  await ds.getRepository(CollaborationRating).insert({ userId: 'wuhao', raterId: 'lihua', periodKey: '2026-11', stars: 5, note: '首件检验配合好', createdAt: now });
}

/** Chromium's own screenshot, then trimmed to the card with ImageMagick when it is installed. */
function screenshot(htmlFile: string, pngFile: string): void {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!chromium) throw new Error('Chromium is needed: apt-get install chromium fonts-noto-cjk');
  execFileSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'))}`,
    `--screenshot=${pngFile}`, '--window-size=400,1100', `file://${htmlFile}`,
  ], { stdio: 'ignore' });
  try {
    execFileSync('convert', [pngFile, '-trim', '-bordercolor', '#f2f3f5', '-border', '12', pngFile], { stdio: 'ignore' });
  } catch {
    // without ImageMagick the picture keeps its blank margin
  }
}

if (require.main === module) {
  main(path.resolve(process.argv[2] ?? 'docs/cards')).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
