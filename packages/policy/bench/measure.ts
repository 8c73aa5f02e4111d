// Timing and memory helpers for the benchmark (Node only; the engine itself stays I/O-free).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Timing {
  /** Wall-clock nanoseconds per operation (median of the rounds). */
  nsPerOp: number;
  minNsPerOp: number;
  /** CPU nanoseconds per operation (median): what the work costs when other processes share the cores. */
  cpuNsPerOp: number;
  ops: number;
}

function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

let sink = 0;
/** Keeps results alive so the JIT cannot drop the work being timed. */
export function consume(value: unknown): void {
  if (value) sink++;
}
export function sinkValue(): number {
  return sink;
}

/** Runs `op(i)` over `count` inputs repeatedly for about `budgetMs` per round and reports ns/op. */
export function time(count: number, op: (i: number) => void, budgetMs = 250, rounds = 5): Timing {
  for (let i = 0; i < Math.min(count, 2000); i++) op(i);
  const perRound: number[] = [];
  const cpuPerRound: number[] = [];
  let ops = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const cpuStart = cpuNs();
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    const budget = BigInt(budgetMs) * 1_000_000n;
    do {
      for (let i = 0; i < count; i++) op(i);
      n += count;
      elapsed = process.hrtime.bigint() - start;
    } while (elapsed < budget);
    perRound.push(Number(elapsed) / n);
    cpuPerRound.push((cpuNs() - cpuStart) / n);
    ops += n;
  }
  return {
    nsPerOp: median(perRound),
    minNsPerOp: Math.min(...perRound),
    cpuNsPerOp: median(cpuPerRound),
    ops,
  };
}

/** Wall time of one call in milliseconds, the median of `rounds`. */
export function timeOnce<T>(fn: () => T, rounds = 3): { ms: number; result: T } {
  const samples: number[] = [];
  let result = fn();
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    result = fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] ?? 0, result };
}

/** Heap growth in MiB retained by what `build` returns. */
export function retainedMiB(build: () => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc();
  const after = process.memoryUsage().heapUsed;
  consume(kept);
  return (after - before) / (1024 * 1024);
}

export function formatNs(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(1)} s`;
}

export function formatOps(nsPerOp: number): string {
  const ops = 1e9 / nsPerOp;
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M/s`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k/s`;
  return `${ops.toFixed(1)} /s`;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
