// Figure S6 on a movie from the independent image model (`../shared/dev/synthetic/`, read in
// place): the red "before lithiation" outline, drawn on a later frame, must lie where the cluster
// of the before-lithiation frame is in that later frame, i.e. on that frame's truth mask moved by
// the specimen's TRUE drift between the two frames. Holding the drawn polygon against the model's
// truth checks the whole chain: which frame is "before", the measured drift, its sign, and that
// the figure applies it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  devSyntheticPath,
  outlineIouWithShiftedMask,
  readTruthDrift,
  readTruthMask,
} from '../helpers/truth-masks.ts';
import { repoRoot, runAnalysisToEnd } from './helpers.ts';

const NAME = 'dev_lowdose_drift';
/**
 * Frame 60 (30 s): late in the lithiation at −0.2 V (5 s to 32.5 s in the log), ~18 px of drift
 * from before it; frame 99 (49.5 s, the figure's default): after the +1 V step, ~34 px.
 */
const CHOSEN_FRAMES = [60, 99];

interface DrawnReference {
  frame: number;
  drawnOn: number;
  followsDrift: boolean;
  points: number[];
}

/** The red outline as S6 last drew it (OutlinesFigure writes it on the canvas with the drawing). */
async function drawnReference(page: Page, want: Omit<DrawnReference, 'points'>): Promise<DrawnReference> {
  const canvas = page.getByTestId('outlines-figure').locator('canvas');
  const read = async () =>
    JSON.parse((await canvas.getAttribute('data-reference-outline')) ?? 'null') as DrawnReference | null;
  await expect
    .poll(async () => {
      const drawn = await read();
      return drawn && { frame: drawn.frame, drawnOn: drawn.drawnOn, followsDrift: drawn.followsDrift };
    })
    .toEqual(want);
  const drawn = (await read()) as DrawnReference;
  expect(drawn.points.length).toBeGreaterThanOrEqual(8);
  return drawn;
}

/** The log's first sample at the lithiation bias (−0.2 V; the rest is ~0 V), in seconds. */
function firstLithiationStepS(logPath: string): number {
  const rows = readFileSync(logPath, 'utf8').trim().split(/\r?\n/).slice(1);
  const step = rows.map((r) => r.split(',').map(Number)).find(([, volts]) => volts < -0.1);
  if (!step) throw new Error(`${logPath} never reaches the lithiation bias`);
  return step[0];
}

test("S6's before-lithiation outline, drawn on later frames, lies on the truth moved by the true drift", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const moviePath = devSyntheticPath(`${NAME}.tif`);
  const logPath = devSyntheticPath(`${NAME}_bias.csv`);
  const masksPath = devSyntheticPath(`${NAME}_masks.tif`);
  const truthDrift = readTruthDrift(devSyntheticPath(`${NAME}_truth.csv`));
  const frameIntervalS = JSON.parse(readFileSync(devSyntheticPath(`${NAME}_params.json`), 'utf8'))
    .dt as number;

  await page.goto('/?example=none');
  await page.getByTestId('file-input').setInputFiles([moviePath, logPath]);
  await expect(page.getByTestId('movie-summary')).toContainText(`${NAME}.tif`);
  await expect(page.getByTestId('log-summary')).toContainText(`${NAME}_bias.csv`);
  await runAnalysisToEnd(page, 300_000);

  await page.getByRole('tab', { name: /S6/ }).click();
  // The default "before lithiation" frame: before the log's first lithiation step.
  const reference = Number(await page.getByLabel('Reference frame').inputValue());
  expect(reference * frameIntervalS).toBeLessThan(firstLithiationStepS(logPath));
  const before = await readTruthMask(masksPath, reference);
  const followDrift = page.getByLabel('Red outline follows the drift');

  for (const chosen of CHOSEN_FRAMES) {
    await followDrift.check();
    await page.getByLabel('Chosen frame').fill(String(chosen));
    const followed = await drawnReference(page, { frame: reference, drawnOn: chosen, followsDrift: true });
    // The figure alone (its panel scrolls, so a page screenshot cuts it).
    await page
      .getByTestId('outlines-figure')
      .locator('canvas')
      .screenshot({ path: resolve(repoRoot, `test-results/screenshots/s6-drift-dev-frame-${chosen}.png`) });
    // The same outline where it was traced, in the reference frame's own pixels.
    await followDrift.uncheck();
    const unshifted = await drawnReference(page, { frame: reference, drawnOn: chosen, followsDrift: false });
    const appShift = {
      x: followed.points[0] - unshifted.points[0],
      y: followed.points[1] - unshifted.points[1],
    };
    const trueShift = {
      x: truthDrift[chosen].x - truthDrift[reference].x,
      y: truthDrift[chosen].y - truthDrift[reference].y,
    };
    const drawnIou = outlineIouWithShiftedMask(followed.points, before, trueShift);
    // Baselines: the segmentation alone (outline and truth both in the reference frame) bounds
    // what any drift can reach; an outline left where it was, or moved the wrong way, must fail.
    const segmentationIou = outlineIouWithShiftedMask(unshifted.points, before, { x: 0, y: 0 });
    const notMovedIou = outlineIouWithShiftedMask(unshifted.points, before, trueShift);
    const wrongSignIou = outlineIouWithShiftedMask(
      unshifted.points.map((v, i) => v - (i % 2 === 0 ? appShift.x : appShift.y)),
      before,
      trueShift,
    );
    const figures = {
      reference,
      chosen,
      trueShift,
      appShift,
      drawnIou,
      segmentationIou,
      notMovedIou,
      wrongSignIou,
    };
    test.info().annotations.push({ type: 's6-drift', description: JSON.stringify(figures) });
    console.log('S6 drift figures', JSON.stringify(figures));

    expect(drawnIou, `frame ${chosen}`).toBeGreaterThanOrEqual(0.9);
    expect(notMovedIou, `frame ${chosen}`).toBeLessThan(0.9);
    expect(wrongSignIou, `frame ${chosen}`).toBeLessThan(0.9);
  }
});
