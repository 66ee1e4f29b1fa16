import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { writeDm4Stack } from '../helpers/dm-writer.ts';
import { HeapProbe, type HeapSample, MiB, mib } from './heap-probe.ts';
import { plottedTraces, runAnalysisToEnd } from './helpers.ts';

// Issue 17: step through every frame of a large DM4 stack and analyse it; the JS heap of the
// page and of the analysis workers must stay bounded (readers decode one frame at a time, the
// store holds results, never frames).
const SIZE = 1024;
const FRAMES = 500;
const FRAME_BYTES = SIZE * SIZE * 2;
/**
 * Rendering a 1024² synthetic frame costs ~60 ms, 30 s for 500: the stack shows each of 50
 * rendered frames 10 times. The reader and the viewer still decode every index on its own.
 */
const REPEAT = 10;
/** Room to leave on the disk besides the stack. */
const DISK_MARGIN_BYTES = 2 * 2 ** 30;

/** Frames the temp disk has room for: FRAMES, or fewer on a nearly full disk (said in the report). */
function framesThatFit(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  const room = Math.floor((bavail * bsize - DISK_MARGIN_BYTES) / FRAME_BYTES);
  return Math.max(0, Math.min(FRAMES, room));
}

function heapLine(label: string, s: HeapSample): string {
  const workers = [...s.workers.values()].map((w) => `${mib(w.usedBytes)}+${mib(w.backingBytes)}`);
  return `${label}: page ${mib(s.page.usedBytes)}+${mib(s.page.backingBytes)} MiB (heap+buffers), workers [${workers.join(', ')}] MiB`;
}

test('stepping through every frame of a 1 GB DM4 stack and analysing it keeps the heap of page and workers bounded', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'operando-mem-'));
  const path = join(dir, 'large-stack.dm4');
  const report: string[] = [];
  const note = (line: string) => {
    report.push(line);
    console.log(line);
  };
  try {
    const frameCount = framesThatFit(dir);
    if (frameCount < FRAMES)
      test.info().annotations.push({
        type: 'smaller stack',
        description: `only ${frameCount} frames fit on ${tmpdir()} (keeping ${DISK_MARGIN_BYTES / 2 ** 30} GiB free)`,
      });
    expect(frameCount, 'room on the temp disk for a stack worth testing').toBeGreaterThanOrEqual(100);
    const movieBytes = frameCount * FRAME_BYTES;
    const seconds: Record<string, number> = {};
    let phaseStart = performance.now();
    const phaseEnds = (name: string) => {
      seconds[name] = Math.round(performance.now() - phaseStart) / 1000;
      phaseStart = performance.now();
    };

    // A cluster that swells and shrinks over two cycles: the analysis has something to measure.
    const movie = createSyntheticMovie({
      width: SIZE,
      height: SIZE,
      frameCount: Math.ceil(frameCount / REPEAT),
      frameIntervalS: 1,
    });
    let rendered: { index: number; data: Uint16Array } | null = null;
    writeDm4Stack(path, {
      width: SIZE,
      height: SIZE,
      frameCount,
      dtype: 'uint16',
      pixelSizeNm: movie.pixelSizeNm,
      frameIntervalS: 1 / REPEAT,
      name: 'large generated stack',
      frame: (i) => {
        const index = Math.floor(i / REPEAT);
        if (rendered?.index !== index) rendered = { index, data: movie.renderFrame(index).data };
        return rendered.data;
      },
    });
    rendered = null;
    phaseEnds('write');

    await page.goto('/?example=none');
    const probe = await HeapProbe.attach(page);
    // A path, not a buffer: the browser reads the file from disk, the test never holds it.
    await page.getByTestId('file-input').setInputFiles(path);
    await expect(page.getByTestId('movie-summary')).toContainText(
      `${SIZE} × ${SIZE} px, ${frameCount} frames, uint16`,
    );
    const viewer = page.getByTestId('frame-viewer');
    await expect(viewer).toHaveAttribute('data-frame', '0');
    // The viewer worker and one analysis worker per core.
    expect(probe.workers.length).toBeGreaterThanOrEqual(2);
    const start = await probe.sample({ gc: true });
    phaseEnds('open');
    note(`movie: ${frameCount} frames of ${SIZE}², ${mib(movieBytes)} MiB`);
    note(heapLine('opened, after GC', start));

    /**
     * The bounds a leak breaks, checked after each phase so that a leak fails where it happens.
     * - Live peak (samples taken after a full GC, some of them mid-phase): what the app held at
     *   the time. Page and workers together stay under a tenth of the movie (50 frames); they
     *   hold results, the plot, the frame on show and each worker's frames in flight.
     * - Peak with garbage not yet collected (every sample): V8 collects 2 MiB frames and 4 MiB
     *   ImageData only once their external memory adds up, ~100 MiB per JS context here whatever
     *   the movie. Each context, the page and each worker, stays under a fifth of the movie
     *   (100 frames). Not their sum: every worker has its own allowance, and there is one
     *   analysis worker per core, so the sum measures the machine, not the app.
     * - After GC at the end of the phase, each context is within 32 MiB (16 frames) of its start.
     */
    const expectBounded = async (phase: string, before: HeapSample) => {
      const after = await probe.sample({ gc: true });
      note(heapLine(`${phase}, after GC`, after));
      const { peak, livePeak } = probe;
      note(
        `peak until ${phase}: page ${mib(peak.pageBytes)} MiB, one worker ${mib(peak.workerBytes)} MiB, all workers ${mib(peak.workersTotalBytes)} MiB` +
          ` (live: page ${mib(livePeak.pageBytes)}, all workers ${mib(livePeak.workersTotalBytes)} MiB)`,
      );
      expect(livePeak.pageBytes + livePeak.workersTotalBytes, `live peak ${phase}`).toBeLessThan(
        movieBytes / 10,
      );
      expect(peak.pageBytes, `page peak ${phase}`).toBeLessThan(movieBytes / 5);
      expect(peak.workerBytes, `one worker's peak ${phase}`).toBeLessThan(movieBytes / 5);
      expect(after.page.bytes - before.page.bytes, `page after GC ${phase}`).toBeLessThan(32 * MiB);
      for (const [session, worker] of after.workers) {
        const grown = worker.bytes - (before.workers.get(session)?.bytes ?? 0);
        expect(grown, `worker ${session} after GC ${phase}`).toBeLessThan(32 * MiB);
      }
    };

    // Step with the keyboard on the slider, as a user does, waiting each time for the frame itself.
    const slider = page.getByLabel('Frame', { exact: true });
    await slider.focus();
    const readout = page.getByTestId('frame-readout');
    for (let i = 1; i < frameCount; i++) {
      await slider.press('ArrowRight');
      // waitFor polls in the page on every animation frame; expect's back-off (100 ms, 250 ms, …)
      // would cost more than the frame takes to show.
      await page.locator(`[data-testid="frame-readout"][data-frame="${i}"]`).waitFor();
      await page.locator(`[data-testid="frame-viewer"][data-frame="${i}"]`).waitFor();
      // Every 25th frame a sample; every 100th after a full GC, for the live peak.
      if (i % 25 === 0) await probe.sample({ gc: i % 100 === 0 });
    }
    await expect(readout).toContainText(`Frame ${frameCount - 1} (0–${frameCount - 1})`);
    phaseEnds('step');
    await expectBounded('after stepping', start);

    // Sample while the run goes on: every quarter second until it has ended, every eighth after a
    // full GC (the interval only sets how often the heap is read; the run's end is awaited by
    // runAnalysisToEnd itself).
    let running = true;
    let samples = 0;
    const run = runAnalysisToEnd(page, 240_000).finally(() => {
      running = false;
    });
    while (running) {
      await probe.sample({ gc: ++samples % 8 === 0 });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await run;
    phaseEnds('run');
    await expect(page.getByTestId('run-status')).toContainText(`${frameCount} frames analysed`);
    const area = (await plottedTraces(page)).find((t) => /area/i.test(t.name));
    const areas = (area?.y ?? []).filter((y): y is number => typeof y === 'number' && Number.isFinite(y));
    expect(areas.length).toBe(frameCount);
    // The cluster swells by ~1.8× in area: the run measured it, it did not just finish.
    expect(Math.max(...areas) / Math.min(...areas)).toBeGreaterThan(1.3);
    await expectBounded('after the run', start);
    note(`seconds per phase: ${JSON.stringify(seconds)}`);
    // The test itself never holds the movie: it was written a frame at a time and handed to the
    // browser as a path (a buffer given to setInputFiles would put all of it in this process).
    // maxRSS: the peak over the process's life (KiB), so a movie built in memory and freed counts.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    note(`test process peak resident memory: ${mib(peakRss)} MiB`);
    expect(peakRss, 'peak resident memory of the test process').toBeLessThan(movieBytes / 2);
    await probe.close();
  } finally {
    await test.info().attach('heap.txt', { body: report.join('\n'), contentType: 'text/plain' });
    rmSync(dir, { recursive: true, force: true });
  }
});
