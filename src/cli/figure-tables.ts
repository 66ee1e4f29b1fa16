import { readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import { cyclesToCsv } from '../core/export/cycles-csv.ts';
import { eventsToCsv } from '../core/export/events-csv.ts';
import { fileFingerprint } from '../core/export/fingerprint.ts';
import { logToAlignedCsv } from '../core/export/log-csv.ts';
import { provenanceHeader } from '../core/export/provenance.ts';
import { resultsToCsv } from '../core/export/results-csv.ts';
import { startingAlignment } from '../core/series/alignment.ts';
import { cycleTable } from '../core/series/cycles.ts';
import type { FigureSettings } from '../core/series/figure-settings.ts';
import type { AnalyzedMovie } from './analyze-movie.ts';
import { defaultChannels } from './analyze-movie.ts';
import { repoRoot } from './bundle.ts';
import { openFileBlob } from './file-blob.ts';

const appVersion = (): string =>
  (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/**
 * The tables of `operando figures`, written from core at full precision (never read back from a
 * page): results.csv with the same provenance header as the browser's export, the log on both
 * clocks, the log's events (bias steps, contact losses) and the per-cycle table. The alignment
 * is the one the workbench starts from: the two files' clocks when both have one, else none.
 * Returns a line per table for the progress output.
 */
export async function writeFigureTables(
  out: string,
  paths: { movie: string; log: string },
  analysed: AnalyzedMovie,
  settings: FigureSettings,
): Promise<string[]> {
  const { info, results, log } = analysed;
  if (!log) throw new Error(`${paths.log}: no log was read`);
  const alignment = startingAlignment(info.metadata, log.startClock);
  const { voltage, current } = defaultChannels(log);
  const movieIsFile = (await stat(paths.movie)).isFile();
  const header = provenanceHeader({
    appVersion: appVersion(),
    exportedAt: new Date().toISOString(),
    movie: {
      fileName: basename(paths.movie),
      fileSize: movieIsFile ? (await stat(paths.movie)).size : 0,
      info,
      fingerprint: movieIsFile ? await fileFingerprint(openFileBlob(paths.movie), sha256) : undefined,
    },
    log: {
      fileName: basename(paths.log),
      voltageColumn: voltage?.column,
      currentColumn: current?.column,
      fingerprint: await fileFingerprint(openFileBlob(paths.log), sha256),
    },
    alignment,
    params: defaultSegmentParams,
    figureSettings: settings,
  });
  await mkdir(out, { recursive: true });
  await writeFile(
    resolve(out, 'results.csv'),
    header + resultsToCsv({ info, results, log, voltage, current, alignment }),
  );
  await writeFile(resolve(out, 'log.csv'), logToAlignedCsv(log, alignment));
  const events = eventsToCsv(log, voltage, current, alignment);
  await writeFile(resolve(out, 'events.csv'), events);
  const lines = [
    `results.csv: ${info.frameCount} frames; log.csv: ${log.timeS.length} samples; events.csv: ${events.trim().split('\n').length - 1} events`,
  ];
  const table = cycleTable({
    info,
    results,
    log,
    voltage,
    current,
    alignment,
    restBelowV: settings.restBelowV,
  });
  if (table.ok) {
    await writeFile(resolve(out, 'cycles.csv'), cyclesToCsv(table.rows, table.areaUnit));
    lines.push(`cycles.csv: ${table.rows.length} cycle(s)`);
  } else {
    lines.push(`cycles.csv not written: ${table.reason}`);
  }
  return lines;
}
