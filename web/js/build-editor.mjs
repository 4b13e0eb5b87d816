// Bundles web/js/editor.js (CodeMirror 6 and its Nix mode, from
// web/node_modules) into web/js/dist/editor.js, one self-contained ES module
// that the page loads after it has started. Trunk runs this as a pre-build
// hook (Trunk.toml), so nothing is fetched at build or run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await build({
  entryPoints: [here('./editor.js')],
  outfile: here('./dist/editor.js'),
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
