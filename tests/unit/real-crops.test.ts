/**
 * The hand-labelled real bright-field crops of ../shared/dev/real (defocused, on a grainy film):
 * the default object is the largest labelled particle, and particles mode counts them. Regression
 * guards at the accuracy measured when the defocused edge and the grain-aware seeds landed
 * (`npm run bench` prints the full table).
 */
import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelRuns } from '../../src/core/analysis/components.ts';
import { defaultSegmentParams, resolveParams } from '../../src/core/analysis/params.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { openTiff } from '../../src/core/io/tiff/index.ts';

const dir = resolve(import.meta.dirname, '../../../shared/dev/real');

async function crops() {
  const images = await openTiff(await openAsBlob(resolve(dir, 'msa_sinter_dev.tif')), 'msa_sinter_dev.tif');
  const masks = await openTiff(await openAsBlob(resolve(dir, 'msa_sinter_dev_masks.tif')), 'masks');
  const out = [];
  for (let i = 0; i < images.frameCount; i++) {
    const frame = await images.getFrame(i);
    const m = await masks.getFrame(i);
    const labelled = new Uint8Array(frame.width * frame.height);
    for (let k = 0; k < labelled.length; k++) labelled[k] = (m.data[k] as number) > 0 ? 1 : 0;
    const runs = maskToRuns(labelled, frame.width, frame.height);
    const { labels, count, areas } = labelRuns(runs, 8);
    let largest = 1;
    for (let l = 2; l <= count; l++) if (areas[l] > areas[largest]) largest = l;
    const inLargest = new Uint8Array(labelled.length);
    for (let r = 0; r < runs.y.length; r++) {
      if (labels[r] === largest)
        inLargest.fill(1, runs.y[r] * frame.width + runs.x0[r], runs.y[r] * frame.width + runs.x1[r]);
    }
    out.push({ frame, inLargest, largestArea: areas[largest], count });
  }
  return out;
}

describe('real crops (hand-labelled)', () => {
  it('takes the largest labelled particle by default in at least 19 of 20 crops', async () => {
    let right = 0;
    for (const [i, crop] of (await crops()).entries()) {
      const { mask } = segmentMask(crop.frame, defaultSegmentParams, { frameIndex: i });
      let inside = 0;
      let total = 0;
      for (let k = 0; k < mask.length; k++) {
        if (!mask[k]) continue;
        total++;
        if (crop.inLargest[k]) inside++;
      }
      if (total > 0 && inside / total > 0.5 && inside / crop.largestArea > 0.5) right++;
    }
    expect(right).toBeGreaterThanOrEqual(19);
  });

  it('counts the particles within 10 % on average', async () => {
    const errors: number[] = [];
    for (const [i, crop] of (await crops()).entries()) {
      const { result } = segmentMask(crop.frame, resolveParams({ particles: true }), { frameIndex: i });
      errors.push(Math.abs((result.particles?.length ?? 0) - crop.count) / crop.count);
    }
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(0.1);
  });
});
