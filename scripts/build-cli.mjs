// Bundles the CLI (src/cli/main.ts) and its frame worker into dist-cli/ with esbuild, so that
// `node bin/operando.mjs` starts without compiling TypeScript (tsx costs ≈ 0.5 s per start and
// again in every worker thread). Runs at `npm install` (postinstall) and by `npm run build:cli`.
// bin/operando.mjs runs the bundle only while it is newer than every source file it was built
// from (listed in dist-cli/inputs.json), else it falls back to tsx: editing a file never runs
// stale code.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist-cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install without devDependencies: the bin runs the sources through tsx.
  console.warn('build-cli: esbuild is not installed; `operando` will run from the sources (slower start)');
  process.exit(0);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'frame-worker': 'src/cli/frame-worker.node.ts' },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded only by `operando figures`, from node_modules, as in development.
  external: ['vite', 'playwright-core', 'tsx', 'tsx/*'],
  define: { __OPERANDO_BUNDLE__: 'true' },
  // Bundled CommonJS dependencies (papaparse) call require(): give the ES module one.
  banner: {
    js: "import { createRequire as __operandoRequire } from 'node:module'; const require = __operandoRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
inputs.push('package.json', 'scripts/build-cli.mjs');
writeFileSync(resolve(outDir, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
console.log(`build-cli: bundled the CLI into dist-cli/ (${inputs.length} source files)`);
