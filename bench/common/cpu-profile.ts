/**
 * A sampling CPU profile of this process over a stretch of work (node:inspector), summed two ways:
 * self time by where the code lives (a package under node_modules, a file of src/, or V8's own
 * buckets: garbage collector, idle = waiting on I/O such as the database, program = native work),
 * and inclusive time under named frames (e.g. everything TypeORM's insert builder calls).
 */
import { Session, type Profiler, type Runtime } from 'node:inspector';

export interface CpuBucket {
  where: string;
  ms: number;
}

export interface FrameQuery {
  label: string;
  match: (frame: Runtime.CallFrame) => boolean;
}

export interface CpuSummary {
  /** Self time by source, busiest first. */
  bySource: CpuBucket[];
  /** Synchronous CPU time spent under each queried frame (awaited I/O is not on the stack). */
  underFrames: CpuBucket[];
}

function sourceOf(node: Profiler.ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length).split('/')[0];
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return 'src/' + url.slice(src + '/dist/src/'.length).replace(/\.js$/, '.ts');
  if (url.includes('/dist/bench/')) return 'bench (client side)';
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  const name = node.callFrame.functionName;
  // V8's own buckets come parenthesised; other frames without a script are native bindings.
  return name.startsWith('(') ? name : `native ${name || '?'}`;
}

function summarize(profile: Profiler.Profile, frames: FrameQuery[]): CpuSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const bySource = new Map<string, number>();
  const underFrames = new Map<string, number>(frames.map((f) => [f.label, 0]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const ms = (deltas[i] ?? 0) / 1000;
    const where = sourceOf(nodes.get(id)!);
    bySource.set(where, (bySource.get(where) ?? 0) + ms);
    const hit = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      for (const f of frames) if (!hit.has(f.label) && f.match(nodes.get(at)!.callFrame)) hit.add(f.label);
    }
    for (const label of hit) underFrames.set(label, underFrames.get(label)! + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms);
  return { bySource: sorted(bySource), underFrames: sorted(underFrames) };
}

export async function startCpuProfile(): Promise<{ stop(frames?: FrameQuery[]): Promise<CpuSummary> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(frames = []) {
      try {
        const { profile } = await post<Profiler.StopReturnType>('Profiler.stop');
        return summarize(profile, frames);
      } finally {
        session.disconnect();
      }
    },
  };
}
