// Drives BullMQ for bench/ (our own driver, written from BullMQ's documentation, not anyone's benchmark code).
//   node bullmq.mjs burn <default|best> <n>        addBulk() in chunks of 1000, then time one Worker draining them
//   node bullmq.mjs latency <warmup> <samples>     add() one at a time, time add -> processor start
// REDIS_URL names the (throwaway) Redis server. Prints one line "RESULT {json}".
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { latencySampler } from "./latency.mjs";

const [mode, a, b] = process.argv.slice(2);
// BullMQ 6 loads ioredis lazily with require(), which an ES module does not have: pass it a client instead.
// maxRetriesPerRequest: null is what BullMQ's connection guide asks of a connection a Worker uses.
const connection = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: null });

// BullMQ's documented knobs for a single worker process: the local concurrency factor
// (docs.bullmq.io/guide/workers/concurrency) and the auto-removal of finished jobs
// (docs.bullmq.io/guide/workers/auto-removal-of-jobs). default: the 24 the other peers run with, and BullMQ's
// default of keeping every completed job. best: a larger factor, so more completions share each of Redis's
// fsyncs, and completed jobs removed at once, the docs' advice for production (count: 0 is the Worker form of
// removeOnComplete: true).
const profiles = {
  default: { concurrency: 24 },
  best: { concurrency: 100, removeOnComplete: { count: 0 } },
};

const queue = new Queue(`bench_${mode}_${process.pid}`, { connection });
await queue.waitUntilReady();
// The server is fresh for every run; obliterate anyway so a reused one cannot leak jobs into the count.
await queue.obliterate({ force: true });

function until(predicate) {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, check: () => predicate() && resolve() };
}

if (mode === "burn") {
  const n = Number(b);
  let t = performance.now();
  for (let i = 0; i < n; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, () => ({ name: "noop", data: {} })));
  }
  const enqueueSeconds = (performance.now() - t) / 1000;

  // A job counts once BullMQ has moved it to completed (or removed it as completed): the worker's "completed"
  // event fires after that write, not when the processor returns.
  let completed = 0;
  const all = until(() => completed === n);
  const worker = new Worker(queue.name, async () => {}, { connection, autorun: false, ...profiles[a] });
  worker.on("completed", () => { completed++; all.check(); });
  worker.on("failed", (job, e) => console.error("failed", job?.id, e));
  await worker.waitUntilReady();
  t = performance.now();
  const running = worker.run();
  await all.promise;
  const seconds = (performance.now() - t) / 1000;
  await worker.close();
  await running;

  const left = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "failed");
  if (Object.values(left).some((c) => c > 0)) throw new Error("jobs left over: " + JSON.stringify(left));
  if (a === "default" && (await queue.getCompletedCount()) !== n) throw new Error("completed set is not n");
  console.log("RESULT " + JSON.stringify({ jobs: n, seconds, jobs_per_second: n / seconds, enqueue_per_second: n / enqueueSeconds }));
} else if (mode === "latency") {
  const warmup = Number(a);
  const samples = Number(b);
  const sampler = latencySampler();
  const worker = new Worker(queue.name, async (job) => { sampler.started(job.data.i); },
    { connection, concurrency: 1 });
  worker.on("failed", (job, e) => console.error("failed", job?.id, e));
  await worker.waitUntilReady();
  await new Promise((r) => setTimeout(r, 1000));
  const latencies = await sampler.run(warmup, samples, (i) => queue.add("lat", { i }));
  await worker.close();
  console.log("RESULT " + JSON.stringify({ latencies_ms: latencies }));
}
await queue.close();
await connection.quit();
