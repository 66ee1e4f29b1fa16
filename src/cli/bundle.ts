import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Set to true by esbuild (scripts/build-cli.mjs) in dist-cli/; undeclared when tsx runs the sources.
declare const __OPERANDO_BUNDLE__: boolean | undefined;

/** Whether this code runs from the bundle in dist-cli/ rather than from src/cli through tsx. */
export const bundled = typeof __OPERANDO_BUNDLE__ !== 'undefined' && __OPERANDO_BUNDLE__;

/**
 * The package's root folder (where package.json, dist/ and node_modules are), found by walking
 * up from this module: it is src/cli/ in development and dist-cli/ when bundled, so a fixed
 * relative path would be right in only one of them.
 */
export const repoRoot = ((): string => {
  let dir = import.meta.dirname;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
})();

/**
 * The module a frame worker thread starts: the bundled worker beside the bundled CLI, else a
 * bootstrap that registers tsx and loads the TypeScript worker (`script`: another one, as the
 * crash tests give; it is TypeScript, so it always goes through the bootstrap).
 */
export function frameWorkerUrl(script: string | undefined): URL {
  if (bundled && !script) return new URL('./frame-worker.mjs', import.meta.url);
  return pathToFileURL(resolve(repoRoot, 'src/cli/frame-worker-bootstrap.mjs'));
}
