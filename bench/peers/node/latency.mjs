// The sampling loop of every peer's latency driver (graphile.mjs, pgboss.mjs, bullmq.mjs): one job at a time,
// after the same 5 ms pause Baton's harness leaves before each of its samples (bench/Baton.Bench/HttpScenarios.cs,
// SampleGapMs), timed from just before the enqueue call to the moment the job's handler starts.

const gapMs = 5;

export function latencySampler() {
  const sentAt = new Map();
  let onStart;
  return {
    // Call first thing in the job handler, with the sample number the job was sent with.
    started(i) {
      onStart(performance.now() - sentAt.get(i));
    },
    // Sends warmup + samples jobs one after another with send(i); returns the latencies of the samples, in ms.
    async run(warmup, samples, send) {
      const latencies = [];
      for (let i = 0; i < warmup + samples; i++) {
        const got = new Promise((resolve) => (onStart = resolve));
        await new Promise((r) => setTimeout(r, gapMs));
        sentAt.set(i, performance.now());
        await send(i);
        const ms = await got;
        if (i >= warmup) latencies.push(ms);
      }
      return latencies;
    },
  };
}
