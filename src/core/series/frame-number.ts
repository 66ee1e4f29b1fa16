/**
 * Frames are numbered from 0 everywhere: the results CSV's `frame` column, the viewer, the review,
 * the plots' hover labels, the figures and the CLI's `--frame`. One numbering, so a frame named in
 * one place is the same frame in every other. Shown where a user picks or reads a frame number.
 */
export const FRAME_NUMBERING = 'Frames are numbered from 0, as in the frame column of the results CSV.';

/** "0–119": the numbers a movie's frames carry, shown beside the current one so the base is plain. */
export function frameRange(frameCount: number): string {
  return frameCount > 0 ? `0–${frameCount - 1}` : 'none';
}

/** How many groups `frameList` names before it gives the count instead. */
const LISTED_GROUPS = 6;

/**
 * Frames named in a sentence, numbered from 0: "frame 7", "frames 5–8", "frames 2, 9, 11–14";
 * consecutive frames as one range, at most six groups, then "… (40 frames in all)" so a video
 * damaged in hundreds of places still gets a sentence, not a page. `frames` ascending.
 */
export function frameList(frames: readonly number[]): string {
  if (frames.length === 1) return `frame ${frames[0]}`;
  const groups: string[] = [];
  for (let i = 0; i < frames.length; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j] + 1) j++;
    groups.push(j === i ? `${frames[i]}` : `${frames[i]}–${frames[j]}`);
    i = j + 1;
  }
  const shown = groups.slice(0, LISTED_GROUPS).join(', ');
  return groups.length > LISTED_GROUPS
    ? `frames ${shown}, … (${frames.length} frames in all)`
    : `frames ${shown}`;
}
