// Minify the widget's modules in DIST one file at a time (esbuild's
// transform: whitespace, comments and local names; no bundling, so every
// www/ module stays its own file with the same imports, loaded as it is
// needed). The first visit of each layout stays within its size budget this
// way (docs/RELIABILITY.md). Usage: node scripts/minify.mjs [DIST]
// (scripts/build.sh runs it; vendor/ holds third-party files, left as shipped).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

const dist = path.resolve(process.argv[2] ?? 'dist');
let before = 0;
let after = 0;
for (const name of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
  const file = path.join(dist, name);
  const code = readFileSync(file, 'utf8');
  const out = await transform(code, { loader: 'js', format: 'esm', minify: true, legalComments: 'none', sourcefile: name });
  writeFileSync(file, out.code);
  before += code.length;
  after += out.code.length;
}
console.error(`minified the modules in ${path.relative(process.cwd(), dist) || dist}/: ${before} → ${after} bytes`);
