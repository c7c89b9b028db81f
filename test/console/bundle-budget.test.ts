import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The console's initial JavaScript (the entry chunk and every chunk it imports statically,
 * as the build's own manifest lists them) stays under 500 KB gzipped; pages load lazily.
 * `npm test` builds the console first (node console/build.mjs, skipped when unchanged).
 */
const MANIFEST = 'dist-console/.vite/manifest.json';
const BUDGET = 500 * 1024;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

describe('the console bundle', () => {
  it('loads under 500 KB of gzipped JavaScript before the first page, and splits the pages out', () => {
    expect(existsSync(MANIFEST), `${MANIFEST} is missing: run node console/build.mjs`).toBe(true);
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, Chunk>;
    const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
    expect(entries).toHaveLength(1);
    const initial = new Set<string>();
    const walk = (key: string) => {
      if (initial.has(key)) return;
      initial.add(key);
      for (const next of manifest[key].imports ?? []) walk(next);
    };
    walk(entries[0][0]);
    const gzipped = [...initial].reduce((sum, key) => sum + gzipSync(readFileSync(`dist-console/${manifest[key].file}`)).length, 0);
    expect(gzipped).toBeGreaterThan(10 * 1024);
    expect(gzipped).toBeLessThan(BUDGET);
    // Every page is its own lazy chunk, outside the initial set.
    const lazy = entries[0][1].dynamicImports ?? [];
    expect(lazy.length).toBeGreaterThanOrEqual(10);
    for (const page of lazy) expect(initial.has(page), page).toBe(false);
    // The map and the charts are not in the initial JavaScript.
    const initialFiles = [...initial].map((key) => readFileSync(`dist-console/${manifest[key].file}`, 'utf8')).join('\n');
    expect(initialFiles).not.toContain('leaflet-container');
    expect(initialFiles).not.toContain('echarts');
  });
});
