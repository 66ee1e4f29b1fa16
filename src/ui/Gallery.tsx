import { examples } from './example.ts';
import { gallery } from './gallery.ts';

/** True when the page was opened as the gallery (`?gallery`). */
export const isGallery = (): boolean => new URLSearchParams(location.search).has('gallery');

/**
 * The students' page: each bundled example with its picture, one line on what it shows and the
 * steps the workbench will walk through once it is opened.
 */
export function Gallery() {
  return (
    <div className="app gallery">
      <header className="app-header">
        <h1>Operando Workbench · gallery</h1>
        <span className="hint">Examples to explore step by step. Everything runs in this browser.</span>
        <a href="?">Open the workbench</a>
      </header>
      <main className="gallery-grid">
        {gallery.map((entry) => {
          const example = examples.find((e) => e.name === entry.name);
          if (!example) return null;
          return (
            <article
              key={entry.name}
              className="panel gallery-card"
              data-testid="gallery-card"
              aria-label={entry.title}
            >
              <img
                src={`${import.meta.env.BASE_URL}${example.dir}picture.png`}
                alt={`First frame of ${entry.title}`}
              />
              <h2>{entry.title}</h2>
              <p>{entry.line}</p>
              <ol className="hint small">
                {entry.steps.map((s) => (
                  <li key={s.text}>{s.text}</li>
                ))}
              </ol>
              <a className="button" href={`?example=${entry.name}&guide=${entry.name}`}>
                Open and follow the steps
              </a>
            </article>
          );
        })}
      </main>
    </div>
  );
}
