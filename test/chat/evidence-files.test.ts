/**
 * Evidence files through WeCom-shaped traffic: ids that would lead outside the data directory are
 * refused at the parser, a .txt (served by WeCom as text/plain) is a file like any other, and the
 * limits (files per appeal, bytes per file) answer the member in Chinese and store nothing more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Appeal, InboundCallback } from '../../src/entities';
import { EVIDENCE_MAX_FILES, evidenceAbsolutePath } from '../../src/repositories/evidence';
import { TOO_LARGE_ERRCODE, WeComApiError } from '../../src/wecom/errors';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xd9]);

describe('evidence files', () => {
  let h: Harness;
  let root: string;
  let dataDir: string;
  let msgId = 7_500_000_000_000_000_000n;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-evidence-'));
    dataDir = path.join(root, 'a', 'b', 'data');
    // A 21 MB download may be slow on a busy machine: a time-out would be retried and blur "not retried".
    h = await startHarness({ env: { PERFBOT_DATA_DIR: dataDir, PERFBOT_HR_USERIDS: 'heping', WECOM_API_TIMEOUT_MS: '20000' } });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const text = async (from: string, content: string) => {
    await h.sim.sendText(from, content);
    await h.app.settle();
  };
  const fileXml = (from: string, mediaId: string, id = String(msgId++)) =>
    buildInboundXml({ kind: 'file', toUser: TEST_WECOM.corpId, fromUser: from, createTime: Math.floor(Date.now() / 1000), msgId: id, mediaId, agentId: TEST_WECOM.agentId });
  const sendFile = async (from: string, mediaId: string) => {
    await h.sim.deliverCallback(fileXml(from, mediaId));
    await h.app.settle();
  };
  const lastText = (user: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(user) && m.msgtype === 'text').map((m) => (m.body.text as { content: string }).content).at(-1) ?? '';
  const evidenceOf = async (userId: string) => (await h.ds.getRepository(Appeal).findOneByOrFail({ userId })).evidence;
  /** Every file under `dir`, relative to it. */
  const filesUnder = (dir: string): string[] =>
    fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];

  it('refuses a signed callback whose MsgId climbs out of the data directory, and writes nothing', async () => {
    await text('wuhao', '申诉 抽检数量统计有误');
    const up = await h.app.wecom.uploadMedia('file', 'x.pdf', Buffer.from('%PDF-1.4 fake'), 'application/pdf');
    const before = await h.ds.getRepository(InboundCallback).count();
    const res = await h.sim.deliverCallback(fileXml('wuhao', up.mediaId, '../../../../owned'));
    await h.app.settle();
    expect(res.status).toBe(400);
    expect(await h.ds.getRepository(InboundCallback).count()).toBe(before);
    expect(await evidenceOf('wuhao')).toEqual([]);
    expect(filesUnder(root)).toEqual([]);
    // The same file with a real MsgId is stored inside the data directory.
    await sendFile('wuhao', up.mediaId);
    const [file] = await evidenceOf('wuhao');
    expect(fs.readFileSync(path.join(dataDir, file.storedPath!)).toString()).toBe('%PDF-1.4 fake');
    expect(filesUnder(root).every((f) => f.startsWith(path.join('a', 'b', 'data', 'evidence')))).toBe(true);
  });

  it('never resolves a stored path outside the data directory', () => {
    expect(() => evidenceAbsolutePath(dataDir, { storedPath: '../../x' })).toThrow(/leaves the data directory/);
    expect(() => evidenceAbsolutePath(dataDir, { storedPath: '/etc/passwd' })).toThrow(/leaves the data directory/);
    expect(evidenceAbsolutePath(dataDir, { storedPath: 'evidence/appeals/1/7-a.jpg' })).toBe(path.join(dataDir, 'evidence/appeals/1/7-a.jpg'));
  });

  it('accepts a .txt file, which WeCom serves as text/plain', async () => {
    await text('sunli', '申诉 夜班产量没有统计进来');
    const up = await h.app.wecom.uploadMedia('file', '交接班记录.txt', Buffer.from('22:00 接班，3 号线正常\n'), 'text/plain');
    await sendFile('sunli', up.mediaId);
    expect(lastText('sunli')).toContain('已保存证据：交接班记录.txt（共 1 份）');
    const [file] = await evidenceOf('sunli');
    expect(file.filename).toBe('交接班记录.txt');
    expect(fs.readFileSync(path.join(dataDir, file.storedPath!), 'utf8')).toBe('22:00 接班，3 号线正常\n');
  });

  it(`keeps at most ${EVIDENCE_MAX_FILES} files per appeal and says so`, async () => {
    await text('zhaolei', '申诉 工单数量少算了');
    for (let i = 0; i < EVIDENCE_MAX_FILES; i++) {
      const up = await h.app.wecom.uploadMedia('image', `p${i}.jpg`, JPEG, 'image/jpeg');
      await sendFile('zhaolei', up.mediaId);
    }
    expect(await evidenceOf('zhaolei')).toHaveLength(EVIDENCE_MAX_FILES);
    const calls = h.sim.apiCalls.length;
    const extra = await h.app.wecom.uploadMedia('image', 'extra.jpg', JPEG, 'image/jpeg');
    await sendFile('zhaolei', extra.mediaId);
    expect(lastText('zhaolei')).toBe(`每份申诉或异常申报最多保存 ${EVIDENCE_MAX_FILES} 份材料，已达上限，这份未保存。如需更换，请联系审批人。`);
    expect(await evidenceOf('zhaolei')).toHaveLength(EVIDENCE_MAX_FILES);
    expect(h.sim.apiCalls.slice(calls).filter((c) => c.method === 'media/get')).toEqual([]); // not even downloaded
  });

  it('stops a download over the size limit, once, and tells the member', async () => {
    await text('fengxue', '申诉 盘点差异不是我的原因');
    const big = { mediaId: 'big-media-0001', type: 'file' as const, filename: 'video.mp4', contentType: 'application/octet-stream', data: Buffer.alloc(21 * 1024 * 1024, 1), createdAt: new Date() };
    h.sim.media.push(big);
    const gets = () => h.sim.apiCalls.filter((c) => c.method === 'media/get').length;
    const before = gets();
    await sendFile('fengxue', big.mediaId);
    expect(lastText('fengxue')).toBe('文件超过 20 MB，未保存。请压缩或拆分后再发送。');
    expect(await evidenceOf('fengxue')).toEqual([]);
    expect(gets() - before).toBe(1); // too large is not retried
    const small = await h.app.wecom.uploadMedia('file', 'ok.pdf', Buffer.from('%PDF-1.4 small'), 'application/pdf');
    await expect(h.app.wecom.getMedia(small.mediaId, 8)).rejects.toMatchObject({ errcode: TOO_LARGE_ERRCODE });
    await expect(h.app.wecom.getMedia(small.mediaId, 8)).rejects.toBeInstanceOf(WeComApiError);
  });
});
