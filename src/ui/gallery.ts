import type { QualityFlag } from '../core/analysis/types.ts';
import type { WorkbenchState } from '../state/store.ts';

/**
 * The students' gallery: each bundled example with one line on what it shows and a few steps
 * the workbench walks through (`GuidePanel.tsx`). A step with `done` is ticked when the
 * workbench reaches that state; the others the student ticks ("Done") after looking.
 */
export interface GuideStep {
  text: string;
  done?: (s: WorkbenchState) => boolean;
}

export interface GalleryEntry {
  /** The `?example=` name (see `example.ts`). */
  name: string;
  title: string;
  line: string;
  steps: GuideStep[];
}

const analysed = (s: WorkbenchState) => s.runStatus === 'done';
/** The viewer shows `frame` (numbered from 0, as everywhere: see `frame-number.ts`). */
const atFrame = (frame: number) => (s: WorkbenchState) => s.frameIndex === frame;
const FLAGGED: readonly QualityFlag[] = ['area-jump', 'flicker', 'touches-border', 'empty'];
const onFlagged = (s: WorkbenchState) => {
  const q = s.results[s.frameIndex]?.quality;
  return q !== undefined && FLAGGED.includes(q);
};

export const gallery: GalleryEntry[] = [
  {
    name: 'lithiation',
    title: 'A clean lithiation (figure S5)',
    line: 'A Si cluster swells as lithium goes in at −0.2 V, and keeps its size at rest.',
    steps: [
      { text: 'Run the analysis (Run analysis, on the right).', done: analysed },
      {
        text: 'Step to frame 40, in the middle of the lithiation: the outline has grown.',
        done: atFrame(40),
      },
      { text: 'Open S5: the area rises while the bias (red) is −0.2 V, and levels off at rest.' },
      {
        text: 'Compare with the truth: example-truth.csv beside the movie holds the generator’s area per frame.',
      },
    ],
  },
  {
    name: 'synthetic',
    title: 'A cycling run (figure S7)',
    line: 'Two lithiation/delithiation cycles: the cluster swells, then shrinks only part of the way.',
    steps: [
      { text: 'Run the analysis.', done: analysed },
      { text: 'Find the flagged frames: Next flagged ▶ steps to a frame the checks doubt.', done: onFlagged },
      { text: 'Open S7: each cycle’s expansion, contraction and charge are in the table under it.' },
      { text: 'Open S6: the outline before lithiation (red) against the last frame (yellow).' },
    ],
  },
  {
    name: 'contact-loss',
    title: 'A loss of electrical contact (Movie S2)',
    line: 'The current falls abruptly while the bias stays on, and the cluster stops growing.',
    steps: [
      { text: 'Run the analysis.', done: analysed },
      {
        text: 'Step to frame 50: the bias is still −0.2 V but the current is gone (grey band) and the area is flat.',
        done: atFrame(50),
      },
      { text: 'Open S4: hover the “contact lost” label for the evidence (the fall to the noise floor).' },
    ],
  },
  {
    name: 'operando',
    title: 'A hard operando movie',
    line: 'Low dose (25 counts/px), a drifting sample and the biasing needle touching the cluster.',
    steps: [
      { text: 'Run the analysis.', done: analysed },
      {
        text: 'Step to frame 100: the drift readout under the frame says how far the sample moved.',
        done: atFrame(100),
      },
      { text: 'Open S6: the outlines leave the biasing needle out, though it touches the cluster.' },
      { text: 'Open S5 and compare with the truth in example-truth.csv.' },
    ],
  },
  {
    name: 'dm',
    title: 'A real DigitalMicrograph file',
    line: 'A DigiScan STEM survey image saved by Gatan’s software (MIT, from pycroscopy’s SciFiDatasets).',
    steps: [
      { text: 'Open Metadata (under the file name): what the file says about itself.' },
      {
        text: 'Run the analysis on its one frame: a crystal lattice, not a cluster, so expect little.',
        done: analysed,
      },
    ],
  },
];

export const galleryEntry = (name: string | null): GalleryEntry | undefined =>
  gallery.find((g) => g.name === name);
