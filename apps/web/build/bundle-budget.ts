// The first-load budget, as a Vite plugin: the JavaScript a browser must fetch before the console can
// render anything (the entry chunk and every chunk it imports statically, not those loaded on
// demand) is measured gzip-compressed, as the BFF serves it, and the build fails when it is over.
// Lazy route families and the YAML editor are dynamic imports, so they do not count.
import { gzipSync, constants } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

export interface InitialLoad {
  /** Chunks fetched before first render, entry first. */
  chunks: Array<{ file: string; bytes: number; gzip: number }>;
  gzip: number;
  /** The largest modules in those chunks (rendered bytes, before compression), largest first. */
  largest: Array<{ module: string; bytes: number }>;
}

/** The entry chunks and their static imports, with sizes gzip-compressed at the level served. */
export function initialLoad(bundle: OutputBundle): InitialLoad {
  const byFile = new Map<string, OutputChunk>();
  for (const out of Object.values(bundle)) if (out.type === 'chunk') byFile.set(out.fileName, out);
  const seen = new Set<string>();
  const order: OutputChunk[] = [];
  const visit = (chunk: OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    order.push(chunk);
    for (const file of chunk.imports) {
      const next = byFile.get(file);
      if (next) visit(next);
    }
  };
  for (const chunk of byFile.values()) if (chunk.isEntry) visit(chunk);
  const chunks = order.map((c) => ({
    file: c.fileName,
    bytes: Buffer.byteLength(c.code),
    gzip: gzipSync(c.code, { level: constants.Z_BEST_COMPRESSION }).length,
  }));
  const largest = order
    .flatMap((c) =>
      Object.entries(c.modules).map(([id, m]) => ({ module: id, bytes: m.renderedLength })),
    )
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12)
    .map((m) => ({
      ...m,
      module: m.module
        .replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
        .replace(/^.*\/apps\/web\//, ''),
    }));
  return { chunks, gzip: chunks.reduce((n, c) => n + c.gzip, 0), largest };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/** Fails the build when the initial JavaScript is over `budgetBytes` gzip. */
export function bundleBudget(budgetBytes: number): Plugin {
  return {
    name: 'gatehouse-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const load = initialLoad(bundle);
      const list = load.chunks.map((c) => `${c.file} ${kB(c.gzip)}`).join(', ');
      const line = `initial JS ${kB(load.gzip)} gzip of ${kB(budgetBytes)} budget (${list})`;
      if (load.gzip > budgetBytes) {
        const top = load.largest.map((m) => `  ${kB(m.bytes).padStart(9)}  ${m.module}`).join('\n');
        this.error(
          `${line}: over budget — load the new code on demand (a route's lazy(), a dynamic import) or raise the budget in vite.config.ts with the reason. Largest modules (uncompressed):\n${top}`,
        );
      }
      this.info(line);
    },
  };
}
