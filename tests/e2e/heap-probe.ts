import type { CDPSession, Page } from '@playwright/test';

/**
 * Heap of the page and of its Web Workers, read over the Chrome DevTools Protocol.
 *
 * What it measures: `Runtime.getHeapUsage` of each JS context. `usedBytes` is V8's used heap
 * (objects); `backingBytes` is the memory behind ArrayBuffers, which is where decoded frames
 * live and which `usedBytes` does not count (a leaked 2 MiB frame adds 2 MiB here and a few
 * bytes there). `bytes` is their sum: what a leak of frames or of results would grow.
 *
 * How it reaches the workers: Chromium does not expose `performance.memory` in workers and
 * Playwright gives no CDP session for a worker, so the probe auto-attaches to the page's
 * dedicated workers in the non-flattened mode and talks to each through
 * `Target.sendMessageToTarget` (answers arrive as `Target.receivedMessageFromTarget`). Workers
 * that start later (a new movie spawns a new pool) attach as they start; workers that end detach.
 */

export interface HeapUsage {
  usedBytes: number;
  backingBytes: number;
  bytes: number;
}

export interface HeapSample {
  page: HeapUsage;
  /** One entry per live worker, keyed by its CDP session id. */
  workers: Map<string, HeapUsage>;
}

interface RawHeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

function usage(raw: RawHeapUsage): HeapUsage {
  // Without the backing-store figure, frame buffers would be invisible: refuse rather than under-report.
  if (typeof raw.backingStorageSize !== 'number')
    throw new Error(
      'Runtime.getHeapUsage has no backingStorageSize in this Chromium: ArrayBuffers would not be counted',
    );
  return {
    usedBytes: raw.usedSize,
    backingBytes: raw.backingStorageSize,
    bytes: raw.usedSize + raw.backingStorageSize,
  };
}

interface Pending {
  session: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class HeapProbe {
  private readonly workerSessions = new Map<string, string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The largest values seen in any sample, GC'd or not: garbage not yet collected included. */
  readonly peak = { pageBytes: 0, workerBytes: 0, workersTotalBytes: 0 };
  /** The largest values seen in samples taken after a full GC: what the app held at the time. */
  readonly livePeak = { pageBytes: 0, workerBytes: 0, workersTotalBytes: 0 };

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') this.workerSessions.set(e.sessionId, e.targetInfo.url);
    });
    cdp.on('Target.detachedFromTarget', (e) => {
      if (!e.sessionId) return;
      this.workerSessions.delete(e.sessionId);
      for (const [id, p] of this.pending)
        if (p.session === e.sessionId) {
          this.pending.delete(id);
          p.reject(new WorkerGone());
        }
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const message = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      const p = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!p || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) p.reject(new Error(message.error.message));
      else p.resolve(message.result);
    });
  }

  static async attach(page: Page): Promise<HeapProbe> {
    const probe = new HeapProbe(await page.context().newCDPSession(page));
    await probe.cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return probe;
  }

  /** Live workers of the page, by URL. */
  get workers(): string[] {
    return [...this.workerSessions.values()];
  }

  private sendToWorker(session: string, method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { session, resolve, reject });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId: session, message: JSON.stringify({ id, method }) })
        .catch((error: Error) => {
          this.pending.delete(id);
          reject(error);
        });
    });
  }

  /**
   * Heap of the page and every live worker. `gc`: collect garbage in each first (a full GC, so
   * what remains is what the app keeps). A worker that ends while being asked is left out.
   */
  async sample({ gc = false } = {}): Promise<HeapSample> {
    if (gc) await this.cdp.send('HeapProfiler.collectGarbage');
    const page = usage(await this.cdp.send('Runtime.getHeapUsage'));
    const workers = new Map<string, HeapUsage>();
    await Promise.all(
      [...this.workerSessions.keys()].map(async (session) => {
        try {
          if (gc) await this.sendToWorker(session, 'HeapProfiler.collectGarbage');
          workers.set(
            session,
            usage((await this.sendToWorker(session, 'Runtime.getHeapUsage')) as RawHeapUsage),
          );
        } catch (error) {
          if (!(error instanceof WorkerGone)) throw error;
        }
      }),
    );
    const workerBytes = [...workers.values()].map((w) => w.bytes);
    for (const peak of gc ? [this.peak, this.livePeak] : [this.peak]) {
      peak.pageBytes = Math.max(peak.pageBytes, page.bytes);
      peak.workerBytes = Math.max(peak.workerBytes, ...workerBytes);
      peak.workersTotalBytes = Math.max(
        peak.workersTotalBytes,
        workerBytes.reduce((a, b) => a + b, 0),
      );
    }
    return { page, workers };
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => {});
  }
}

class WorkerGone extends Error {
  constructor() {
    super('the worker ended while its heap was being read');
  }
}

export const MiB = 2 ** 20;
export const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
