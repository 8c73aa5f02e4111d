import type { KindEntry } from './kind.js';

/**
 * Every kind folder's entry (./<plural>/index.ts), found by the bundler: adding a kind is adding
 * its folder. Eager, since the route table needs them; each entry loads its pages lazily.
 */
const modules = import.meta.glob<{ entry: KindEntry }>('./*/index.ts', { eager: true });

export const kindEntries: KindEntry[] = Object.values(modules).map((m) => m.entry);
