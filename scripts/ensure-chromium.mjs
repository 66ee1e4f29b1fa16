// Browser tests drive Debian's Chromium (test tools can't download browsers here). Install it
// with apt when it is missing, so `npm test` works on a fresh machine by itself.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(`Browser tests need Chromium at ${path}. Install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}
console.error(`Chromium not found at ${path}: installing Debian's chromium package…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync('apt-get install -y -qq chromium', { stdio: 'inherit', env });
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing`);
  process.exit(1);
}
