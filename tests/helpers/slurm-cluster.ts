// A throw-away single-node SLURM cluster for the SLURM test: munged, slurmctld and slurmd run as
// children of the test (as root) with their own key, configuration, ports and state in a temp
// folder, so nothing on the machine is changed and concurrent checkouts don't collide.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface SlurmCluster {
  /** Environment for SLURM clients (sbatch, scontrol): SLURM_CONF. */
  env: Record<string, string>;
  /** Waits until the job is in a final state and returns it (COMPLETED, FAILED, …). */
  waitForJob(id: string, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

const FINAL = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)/;

/** Starts the cluster in `dir`; rejects with what went wrong (and the daemons' logs) if it can't. */
export async function startSlurm(dir: string): Promise<SlurmCluster> {
  if (process.getuid?.() !== 0)
    throw new Error('the SLURM test starts slurmd and munged, which must run as root');
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/ensure-slurm.mjs')], {
    stdio: 'inherit',
  });
  const host = hostname().split('.')[0];
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  await mkdir(join(dir, 'state'), { recursive: true });
  await mkdir(join(dir, 'spool'), { recursive: true });
  const key = join(dir, 'munge.key');
  await writeFile(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, 'munge.socket');
  const conf = join(dir, 'slurm.conf');
  await writeFile(
    conf,
    [
      'ClusterName=operandotest',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      // No cgroups: a container has none to give.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'SchedulerType=sched/builtin',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'SwitchType=switch/none',
      'ReturnToService=2',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${availableParallelism()} State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES',
      '',
    ].join('\n'),
  );
  const env = { SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const start = (command: string, args: string[]) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    children.push(child);
    return () => output;
  };
  const logs = [
    start('/usr/sbin/munged', [
      '-F',
      '--force',
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${join(dir, 'munged.pid')}`,
      `--seed-file=${join(dir, 'munge.seed')}`,
      `--log-file=${join(dir, 'munged.log')}`,
    ]),
    start('/usr/sbin/slurmctld', ['-D', '-f', conf]),
    start('/usr/sbin/slurmd', ['-D', '-f', conf]),
  ];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
    }
  };
  const run = (command: string, args: string[]) =>
    promisify(execFile)(command, args, { env: { ...process.env, ...env } }).then((r) => r.stdout);

  // Ready when the node is idle: poll sinfo (each call is the wait; it answers within ms).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await run('/usr/bin/sinfo', ['-h', '-o', '%T']).catch((e: Error) => e.message);
    if (/^idle/m.test(state)) break;
    const died = children.find((c) => c.exitCode !== null);
    if (died || Date.now() > deadline) {
      const daemonLogs = await Promise.all(
        ['slurmctld.log', 'slurmd.log'].map((f) => readFile(join(dir, f), 'utf8').catch(() => '')),
      );
      await stop();
      throw new Error(
        `SLURM did not start (sinfo: ${state.trim()})\n${logs.map((l) => l()).join('\n')}\n${daemonLogs.join('\n')}`,
      );
    }
    await new Promise((done) => setTimeout(done, 200));
  }

  return {
    env,
    stop,
    async waitForJob(id, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const text = await run('/usr/bin/scontrol', ['show', 'job', id]);
        const state = /JobState=(\S+)/.exec(text)?.[1] ?? '';
        if (FINAL.test(state)) return state;
        if (Date.now() > until) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`);
        await new Promise((done) => setTimeout(done, 500));
      }
    },
  };
}
