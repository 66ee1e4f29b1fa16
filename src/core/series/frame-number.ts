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
