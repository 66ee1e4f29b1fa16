/**
 * A Poisson frame for the WebAssembly kernels' tests: a dark disc at (width / 3, height / 2) on a
 * vignetted beam of about 40 counts/px, seeded by its size.
 */
import { createRng } from '../../src/core/synth/index.ts';

export function poissonFrameWithDisc(width: number, height: number) {
  const rng = createRng(width * 7 + height);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = (x - width / 3) ** 2 + (y - height / 2) ** 2 < (height / 4) ** 2;
      const light = 40 * (1 - 0.2 * ((x / width - 0.5) ** 2 + (y / height - 0.5) ** 2));
      data[y * width + x] = rng.poisson(light * (inside ? 0.6 : 1));
    }
  }
  return data;
}
