// Drives graphile-worker for bench/ (our own driver, not graphile-worker's benchmark code).
//   node graphile.mjs burn <default|batched> <n>   addJobs(n) in one call, then time a runner draining them
//   node graphile.mjs latency <warmup> <samples>   addJob one at a time, time addJob -> task start
// PG_URL names the database. Prints one line "RESULT {json}".
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { latencySampler } from "./latency.mjs";

const [mode, a, b] = process.argv.slice(2);
const connectionString = process.env.PG_URL;
const logger = new Logger(() => () => {});

// The settings graphile-worker's own documentation recommends for each profile.
const profiles = {
  default: { concurrentJobs: 24 },
  batched: {
    concurrentJobs: 24,
    maxPoolSize: 25,
    localQueue: { size: 500 },
    completeJobBatchDelay: 0,
    failJobBatchDelay: 0,
  },
};

const utils = await makeWorkerUtils({ connectionString, logger });
await utils.migrate();

async function prepare() {
  await utils.withPgClient(async (c) => {
    await c.query("ANALYZE");
    await c.query("CHECKPOINT");
  });
}

async function remaining() {
  return utils.withPgClient(async (c) =>
    Number((await c.query("select count(*) from graphile_worker._private_jobs")).rows[0].count));
}

function start(profile, taskList) {
  const { concurrentJobs, ...worker } = profiles[profile];
  return run({
    connectionString,
    logger,
    noHandleSignals: true,
    concurrency: concurrentJobs,
    taskList,
    preset: { worker: { connectionString, ...worker } },
  });
}

if (mode === "burn") {
  const n = Number(b);
  const specs = Array.from({ length: n }, () => ({ identifier: "noop", payload: {} }));
  let t = performance.now();
  await utils.addJobs(specs);
  const enqueueSeconds = (performance.now() - t) / 1000;
  await prepare();

  let done = 0;
  let allStarted;
  const started = new Promise((resolve) => (allStarted = resolve));
  t = performance.now();
  const runner = await start(a, { noop: async () => { if (++done === n) allStarted(); } });
  await started;
  // Completed jobs are deleted; the burn-down ends when the table is empty, not when the last handler ran.
  while ((await remaining()) > 0) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - t) / 1000;
  await runner.stop();
  console.log("RESULT " + JSON.stringify({ jobs: n, seconds, jobs_per_second: n / seconds, enqueue_per_second: n / enqueueSeconds }));
} else if (mode === "latency") {
  const warmup = Number(a);
  const samples = Number(b);
  const sampler = latencySampler();
  const runner = await start("default", {
    lat: async (payload) => { sampler.started(payload.i); },
  });
  await new Promise((r) => setTimeout(r, 1000));
  const latencies = await sampler.run(warmup, samples, (i) => utils.addJob("lat", { i }));
  await runner.stop();
  console.log("RESULT " + JSON.stringify({ latencies_ms: latencies }));
} else if (mode === "idle") {
  // Ten idle runners of concurrency 1 sit waiting for work for a seconds.
  const runners = [];
  for (let i = 0; i < 10; i++) runners.push(await start("default", { noop: async () => {} }));
  console.log("READY");
  await new Promise((r) => setTimeout(r, Number(a) * 1000));
  for (const r of runners) await r.stop();
  console.log("RESULT {}");
}
await utils.release();
