import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installMovieController } from './state/app-controller.ts';
import { MovieController } from './state/movie-controller.ts';
import { App } from './ui/App.tsx';
import { openExampleFromUrl } from './ui/example.ts';
import { Gallery, isGallery } from './ui/Gallery.tsx';
import { isReviewerLink, ReviewerView } from './ui/ReviewerView.tsx';
import { defaultPoolSize } from './workers/pool.ts';
import './ui/styles.css';

/** Analysis workers: one per core, or `?pool=N` (0 runs everything on the main thread: tests, debugging). */
function poolSizeFromUrl(): number {
  const value = new URLSearchParams(location.search).get('pool');
  return value === null ? defaultPoolSize() : Math.max(0, Number.parseInt(value, 10) || 0);
}

installMovieController(new MovieController(poolSizeFromUrl()));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A reviewer link opens the read-only view of the session it carries, and no example.
// The gallery (`?gallery`) is a page of its own, with no dataset open.
const reviewing = isReviewerLink();
const page = reviewing ? <ReviewerView /> : isGallery() ? <Gallery /> : <App />;
createRoot(root).render(<StrictMode>{page}</StrictMode>);
if (!reviewing && !isGallery()) void openExampleFromUrl();
// A reviewer link pasted into this tab changes only the fragment: load the page again for it.
window.addEventListener('hashchange', () => {
  if (isReviewerLink() !== reviewing || reviewing) location.reload();
});
