import { currentExample, examples } from './example.ts';

/**
 * Links to the bundled examples: each opens the workbench afresh on that dataset (a plain page
 * load, so nothing of the current movie lingers; its corrections stay autosaved).
 */
export function ExamplePicker() {
  const current = currentExample();
  return (
    <nav className="example-picker" aria-label="Examples">
      Examples:
      <a href="?gallery">Gallery</a>
      {examples.slice(0, 2).map((e) => (
        <a key={e.name} href={`?example=${e.name}`} aria-current={e.name === current ? 'page' : undefined}>
          {e.label}
        </a>
      ))}
    </nav>
  );
}
