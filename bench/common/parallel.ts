/** Runs a list of jobs with a fixed number of workers, each taking the next job when it is free. */
export async function runWorkers<T, R>(jobs: T[], workers: number, run: (job: T, worker: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  let next = 0;
  const worker = async (w: number) => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await run(jobs[i], w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, (_, w) => worker(w)));
  return results;
}
