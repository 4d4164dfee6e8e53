// Preloaded into a benched server (`node --import ./bench/heap-probe.mjs …`): counts the bytes the process
// allocates on the V8 heap, its garbage collections and their time, and prints the running totals as one line
// `heap-probe <pid> <json>` on stdout whenever it gets SIGUSR2. Plain JavaScript because the app runs compiled,
// without a TypeScript loader.
//
// Allocated bytes are read from v8.GCProfiler: each collection reports the heap used before and after it, so
// what was allocated between two readings is the growth of the used heap up to each collection plus the growth
// since the last one. Young-generation allocations dominate a request's garbage and are all counted; memory
// outside the V8 heap (Buffers' backing stores) is not.
import process from 'node:process';
import v8 from 'node:v8';

let profiler = new v8.GCProfiler();
profiler.start();
let lastUsed = v8.getHeapStatistics().used_heap_size;
const totals = { allocatedBytes: 0, gcCount: 0, gcMicros: 0 };

process.on('SIGUSR2', () => {
  const { statistics } = profiler.stop();
  profiler = new v8.GCProfiler();
  profiler.start();
  for (const gc of statistics) {
    totals.allocatedBytes += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - lastUsed);
    lastUsed = gc.afterGC.heapStatistics.usedHeapSize;
    totals.gcCount++;
    totals.gcMicros += gc.cost;
  }
  const used = v8.getHeapStatistics().used_heap_size;
  totals.allocatedBytes += Math.max(0, used - lastUsed);
  lastUsed = used;
  process.stdout.write(`heap-probe ${process.pid} ${JSON.stringify(totals)}\n`);
});
