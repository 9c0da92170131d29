// Drives pg-boss for bench/ (our own driver, not pg-boss's benchmark code).
//   node pgboss.mjs burn <batch1|best> <n>         insert() in chunks of 1000, then time work() draining them
//   node pgboss.mjs latency <warmup> <samples>     notify profile: send() one at a time, time send -> handler
// PG_URL names the database. Prints one line "RESULT {json}".
import { PgBoss } from "pg-boss";
import { latencySampler } from "./latency.mjs";

const [mode, a, b] = process.argv.slice(2);
const connectionString = process.env.PG_URL;

// pg-boss's documented profiles.
const profiles = {
  batch1: { batchSize: 1, localConcurrency: 24 },
  best: { batchSize: 50, localConcurrency: 24, burstWhenBatchFull: true },
};

const notify = mode === "latency";
const boss = new PgBoss({ connectionString, useListenNotify: notify });
boss.on("error", (e) => console.error(e));
await boss.start();
const queue = notify ? "bench_notify" : "bench";
await boss.createQueue(queue, notify ? { notify: true } : {});

async function query(sql, params = []) {
  return boss.getDb().executeSql(sql, params);
}

if (mode === "burn") {
  const n = Number(b);
  let t = performance.now();
  for (let i = 0; i < n; i += 1000) {
    await boss.insert(queue, Array.from({ length: Math.min(1000, n - i) }, () => ({ data: {} })));
  }
  const enqueueSeconds = (performance.now() - t) / 1000;
  await query("ANALYZE");
  await query("CHECKPOINT");

  let done = 0;
  let allStarted;
  const started = new Promise((resolve) => (allStarted = resolve));
  t = performance.now();
  await boss.work(queue, profiles[a], async (jobs) => { done += jobs.length; if (done >= n) allStarted(); });
  await started;
  // pg-boss completes a batch after its handler returns: wait until none is left unfinished.
  const open = "select count(*)::int as c from pgboss.job where name = $1 and state < 'completed'";
  while ((await query(open, [queue])).rows[0].c > 0) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - t) / 1000;
  console.log("RESULT " + JSON.stringify({ jobs: n, seconds, jobs_per_second: n / seconds, enqueue_per_second: n / enqueueSeconds }));
} else if (mode === "latency") {
  const warmup = Number(a);
  const samples = Number(b);
  const sampler = latencySampler();
  await boss.work(queue, { batchSize: 1, localConcurrency: 1 }, async ([job]) => {
    sampler.started(job.data.i);
  });
  await new Promise((r) => setTimeout(r, 1000));
  const latencies = await sampler.run(warmup, samples, (i) => boss.send(queue, { i }));
  console.log("RESULT " + JSON.stringify({ latencies_ms: latencies }));
}
await boss.stop({ graceful: false, wait: true });
