/** POSTs prepared batches to /api/v1/records with `clients` concurrent clients (node fetch, keep-alive). */
import type { IngestBatch } from './ingest-traffic';
import { runWorkers } from './common/parallel';

export async function postBatches(url: string, apiKey: string, batches: IngestBatch[], clients: number): Promise<number> {
  const started = performance.now();
  await runWorkers(batches, clients, async (batch, worker) => {
    const res = await fetch(`${url}/api/v1/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: batch.body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`client ${worker}: POST /api/v1/records answered ${res.status}: ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { inserted?: number; duplicates?: number };
    if (answer.inserted !== batch.tuples.length || answer.duplicates !== 0) {
      throw new Error(`client ${worker}: expected ${batch.tuples.length} inserted, got ${text.slice(0, 200)}`);
    }
  });
  return performance.now() - started;
}
