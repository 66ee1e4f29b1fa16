// vitest global setup: rebuild dist-cli/ when a source file changed since it was built, so the
// CLI tests (which require the built bin, see cli-run.ts) test the code in this checkout.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { staleReason } from '../../bin/bundle-state.mjs';

export default function setup(): void {
  if (staleReason() === undefined) return;
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-cli.mjs')], {
    stdio: 'inherit',
  });
}
