/**
 * Loaded into the benchmarked server (`node --expose-gc --import dist/bench/server-probe.js bin/entas.js serve`)
 * by bench/api.ts, never by the product. Asked over the IPC channel, it answers with the server's own CPU time
 * (process.cpuUsage, µs) and its memory after a full garbage collection: the live heap is what a leak grows,
 * while RSS also holds heap the collector keeps for later, which says little about leaks.
 */
export interface ProbeReply {
  /** CPU time (user + system) before and after this probe's collection, so intervals can leave it out. */
  cpu_us: { before_gc: number; after_gc: number };
  rss_mb: number;
  heap_live_mb: number;
  heap_total_mb: number;
  external_mb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

if (process.send) {
  process.on('message', (message) => {
    if (message !== 'probe') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    const cpu = () => {
      const usage = process.cpuUsage();
      return usage.user + usage.system;
    };
    const before = cpu();
    gc?.();
    const memory = process.memoryUsage();
    const reply: ProbeReply = {
      cpu_us: { before_gc: before, after_gc: cpu() },
      rss_mb: mb(memory.rss),
      heap_live_mb: gc ? mb(memory.heapUsed) : Number.NaN,
      heap_total_mb: mb(memory.heapTotal),
      external_mb: mb(memory.external),
    };
    process.send!(reply);
  });
  // The channel must not keep a stopping server alive.
  process.channel?.unref();
}
