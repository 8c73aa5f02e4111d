// Precompression of the production build, as a Vite plugin: after the bundle is written, every text
// file in the output (JS, CSS, HTML, SVG, JSON, ...) gets a .br (Brotli, quality 11) and a .gz
// (gzip, level 9) beside it, written only where they are smaller. The BFF (apps/bff/src/static.ts)
// picks one per request from Accept-Encoding; compressing once at build time lets the highest
// levels be used, which would be too slow per request.
//
// node:zlib rather than a plugin package: it has both codecs built in, the whole step is this file,
// and the output is deterministic (gzip's header carries no timestamp) so builds stay reproducible.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files worth compressing: text formats. Images, fonts in woff2 and the like are compressed already. */
const compressible = /\.(?:js|mjs|css|html|svg|json|txt|xml|wasm|webmanifest|ico)$/i;

export interface Compressed {
  file: string;
  bytes: number;
  br?: number;
  gzip?: number;
}

/** Writes file.br and file.gz next to every compressible file under dir; returns what it did. */
export async function precompressDir(dir: string): Promise<Compressed[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && compressible.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (file) => {
      const data = await readFile(file);
      const result: Compressed = { file, bytes: data.length };
      const [br, gzipped] = await Promise.all([
        brotli(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gz(data, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      // A variant no smaller than the file itself only costs the client a decode.
      if (br.length < data.length) {
        await writeFile(`${file}.br`, br);
        result.br = br.length;
      }
      if (gzipped.length < data.length) {
        await writeFile(`${file}.gz`, gzipped);
        result.gzip = gzipped.length;
      }
      return result;
    }),
  );
}

/** Vite plugin: precompresses the output directory once the build has written it. */
export function precompress(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'gatehouse:precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      if (!config) return;
      const done = await precompressDir(resolve(config.root, config.build.outDir));
      const sum = (k: 'bytes' | 'br' | 'gzip') => done.reduce((n, c) => n + (c[k] ?? c.bytes), 0);
      config.logger.info(
        `precompressed ${done.length} files: ${sum('bytes')} B, brotli ${sum('br')} B, gzip ${sum('gzip')} B`,
      );
    },
  };
}
