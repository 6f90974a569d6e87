import { DataSource } from 'typeorm';
import { Suggestion } from '../../src/entities';
import { openTestDatabase } from '../helpers/db';

describe('concurrent transactions', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(() => ds.destroy());

  it('run side by side without colliding (SQLite queues them on its one connection), and a failed one rolls back alone', async () => {
    const write = (i: number, fail = false) =>
      ds.transaction(async (tx) => {
        await tx.insert(Suggestion, { userId: `u${i}`, content: `建议 ${i}`, status: 'open', createdAt: new Date() });
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('boom');
      });
    const results = await Promise.allSettled([write(1), write(2), write(3, true), write(4)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await ds.getRepository(Suggestion).find()).map((s) => s.userId).sort()).toEqual(['u1', 'u2', 'u4']);
  });
});
