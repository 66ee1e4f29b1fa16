// Video unit tests and the CLI's video path use Debian's ffmpeg/ffprobe programs. Install them with
// apt when they are missing, so `npm test` works on a fresh machine by itself.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const binaries = [
  process.env.OPERANDO_FFMPEG || '/usr/bin/ffmpeg',
  process.env.OPERANDO_FFPROBE || '/usr/bin/ffprobe',
];
if (binaries.every((path) => existsSync(path))) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(
    `Video tests need ${binaries.join(' and ')}. Install them with: sudo apt-get install -y ffmpeg`,
  );
  process.exit(1);
}
console.error(`ffmpeg not found at ${binaries.join(' / ')}: installing Debian's ffmpeg package…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync('apt-get install -y -qq --no-install-recommends ffmpeg', { stdio: 'inherit', env });
const stillMissing = binaries.filter((path) => !existsSync(path));
if (stillMissing.length > 0) {
  console.error(`apt-get finished but ${stillMissing.join(' and ')} is still missing`);
  process.exit(1);
}
