/**
 * Hostile spreadsheets through the real import endpoint: a small .xlsx that inflates to hundreds
 * of megabytes is refused from the zip directory before anything is inflated, one whose directory
 * lies is cut off at the row limit, /healthz keeps answering meanwhile (the file is read in a
 * worker thread), and past the import concurrency limit an upload gets a clear 503 at once.
 */
import http from 'node:http';
import { makeXlsxBomb } from '../../bench/xlsx-bomb';
import { MetricRecord } from '../../src/entities';
import { createApiKey } from '../../src/http/auth';
import { startHarness, Harness } from '../helpers/app';

const MB = 1024 * 1024;

describe('xlsx bombs and import limits', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startHarness({ env: { IMPORT_CONCURRENCY: '1', IMPORT_QUEUE: '0' } });
    key = (await createApiKey(h.ds, 'hr-sheets', ['imports:write'], new Date())).key;
  });
  afterAll(async () => {
    await h.close();
  });

  const upload = async (body: Buffer, filename = 'bomb.xlsx') => {
    const res = await fetch(`${h.app.url}/api/v1/imports/records?filename=${filename}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body,
    });
    return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
  };

  /** Runs `work` while polling /healthz; returns its result and how many health checks answered 200 before it did. */
  async function withHealthChecks<T>(work: Promise<T>): Promise<{ result: T; healthyDuring: number }> {
    let done = false;
    let healthyDuring = 0;
    const poll = (async () => {
      while (!done) {
        const res = await fetch(`${h.app.url}/healthz`);
        if (res.status === 200 && !done) healthyDuring++;
        await res.arrayBuffer();
      }
    })();
    const result = await work.finally(() => (done = true));
    await poll;
    return { result, healthyDuring };
  }

  it('refuses a 200 MB sheet in a small file from its declared size, answering /healthz meanwhile', async () => {
    const bomb = makeXlsxBomb({ inflatedBytes: 200 * MB, declare: 'honest' });
    expect(bomb.length).toBeLessThan(2 * MB);
    const { result, healthyDuring } = await withHealthChecks(upload(bomb));
    expect(result.status).toBe(422);
    expect(result.body.message).toContain('文件解压后的工作表超过 64 MB');
    expect(healthyDuring).toBeGreaterThan(0);
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(0);
  });

  it('stops reading a sheet whose zip directory lies at the first row past the limit', async () => {
    const liar = makeXlsxBomb({ inflatedBytes: 200 * MB, declare: 'lie' });
    const { result, healthyDuring } = await withHealthChecks(upload(liar));
    expect(result.status).toBe(422);
    expect(result.body.message).toContain('一次最多导入 5000 行，本文件超过 5000 行');
    expect(healthyDuring).toBeGreaterThan(0);
  });

  it('answers a second upload 503 with a clear message while the import slot is taken', async () => {
    const csv = Buffer.from('\uFEFF工号,输入项,数值,发生时间,来源系统,外部编号\nzhaolei,completed,8,2026-11-23 10:00,excel,R1\n', 'utf8');
    // An upload that holds the only slot: its body is still arriving.
    const holdSlot = () => {
      const req = http.request(`${h.app.url}/api/v1/imports/records?filename=a.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'content-length': String(csv.length) },
      });
      const answer = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
      });
      req.write(csv.subarray(0, 10));
      return { answer, finish: () => req.end(csv.subarray(10)) };
    };

    // Which of two uploads is admitted first is a race: retry until the holder has the slot.
    let busy: Awaited<ReturnType<typeof upload>> | undefined;
    let holder: ReturnType<typeof holdSlot> | undefined;
    for (let i = 0; i < 20 && !busy; i++) {
      holder = holdSlot();
      // A head start (longer on each retry) for the holder to be authenticated and admitted.
      await new Promise((r) => setTimeout(r, 100 * (i + 1)));
      const second = await upload(csv, 'b.csv');
      if (second.status === 503) busy = second;
      else {
        holder.finish();
        await holder.answer;
      }
    }
    expect(busy?.body).toEqual({ error: 'import_busy', message: '当前导入任务较多，请稍后（约 1 分钟后）重试' });
    holder!.finish();
    expect(await holder!.answer).toBe(200);
  });
});
