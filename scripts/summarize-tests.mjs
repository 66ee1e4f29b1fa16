// Prints one line, "N passed, N failed", over the unit (Vitest) and browser (Playwright) reports,
// so a reader of the CI log sees how many tests ran. A missing report counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const missing = [];

function read(path) {
  if (!existsSync(path)) {
    missing.push(path);
    failed += 1;
    return null;
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

const unit = read('test-results/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
}
const e2e = read('test-results/e2e.json');
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
}
if (missing.length > 0) console.error(`no test report at ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
