// Bundles the dashboard into OUTDIR: dashboard.js (one ES module with the
// charting library in it), dashboard.css and index.html, which the server
// embeds (server/meson.build). usage: node build.mjs OUTDIR
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTDIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', target: ['es2020'] };
await build({ ...common, entryPoints: [join(here, 'src', 'main.js')], format: 'esm', outfile: join(out, 'dashboard.js') });
await build({ ...common, entryPoints: [join(here, 'src', 'style.css')], outfile: join(out, 'dashboard.css') });
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
