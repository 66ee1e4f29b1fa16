// The SLURM test starts a real single-node cluster (Debian's slurmctld, slurmd and munge). Install
// them with apt when they are missing, as ensure-ffmpeg.mjs does, so `npm test` works on a fresh
// Debian 12 container (where it runs as root). Exits non-zero, saying why, when that can't be done.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const binaries = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged', '/usr/bin/sbatch'];
if (binaries.every((path) => existsSync(path))) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error('The SLURM test needs slurmctld, slurmd and munge: sudo apt-get install -y slurm-wlm munge');
  process.exit(1);
}
console.error("SLURM not found: installing Debian's slurm-wlm and munge packages…");
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync('apt-get install -y -qq --no-install-recommends slurm-wlm munge', { stdio: 'inherit', env });
const stillMissing = binaries.filter((path) => !existsSync(path));
if (stillMissing.length > 0) {
  console.error(`apt-get finished but ${stillMissing.join(', ')} is still missing`);
  process.exit(1);
}
