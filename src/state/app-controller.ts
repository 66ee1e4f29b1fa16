import type { MovieController } from './movie-controller.ts';

/**
 * The app's one `MovieController`, created by `main.tsx` (which reads the pool size from the
 * URL) before the first render, and reached from here by UI components and the edit and preview
 * controllers.
 */
let installed: MovieController | null = null;

export function installMovieController(controller: MovieController): void {
  installed = controller;
}

export function movieController(): MovieController {
  if (!installed) throw new Error('no MovieController installed: main.tsx creates it before rendering');
  return installed;
}
