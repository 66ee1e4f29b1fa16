// Whether dist-cli/ (built by scripts/build-cli.mjs) can be run: present, and newer than every
// source file it was bundled from. One rule, used by bin/operando.mjs and by the tests.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const bundleMain = resolve(root, 'dist-cli/main.mjs');

/** Undefined when the bundle is usable, else why not (for the fallback and for tests). */
export function staleReason() {
  let built;
  let inputs;
  try {
    built = statSync(bundleMain).mtimeMs;
    inputs = JSON.parse(readFileSync(resolve(root, 'dist-cli/inputs.json'), 'utf8'));
  } catch {
    return 'dist-cli/ is not built (npm run build:cli)';
  }
  for (const input of inputs) {
    let changed;
    try {
      changed = statSync(resolve(root, input)).mtimeMs;
    } catch {
      return `${input} is gone since the build`;
    }
    if (changed > built) return `${input} changed since the build`;
  }
  return undefined;
}
