#!/usr/bin/env node
// Runs the bundled CLI (dist-cli/, built at `npm install` and by `npm run build:cli`) when it is
// up to date with the sources: it starts in ≈ 0.1 s. Otherwise (a source file was edited since)
// it runs the TypeScript sources through tsx, as in development, which costs ≈ 0.5 s more.
// OPERANDO_CLI=built makes a stale bundle an error instead (the tests use it, so they run what
// users run); OPERANDO_CLI=source always runs the sources.
import { pathToFileURL } from 'node:url';
import { bundleMain, staleReason } from './bundle-state.mjs';

const mode = process.env.OPERANDO_CLI;
const stale = mode === 'source' ? 'OPERANDO_CLI=source' : staleReason();
if (stale && mode === 'built') {
  process.stderr.write(`operando: OPERANDO_CLI=built but ${stale}\n`);
  process.exit(70);
}
let main;
if (stale) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  ({ main } = await import(pathToFileURL(bundleMain).href));
}
process.exitCode = await main(process.argv.slice(2));
