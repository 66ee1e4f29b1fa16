import { movieController } from '../state/app-controller.ts';
import { useWorkbench } from '../state/store.ts';

interface ExampleManifest {
  title: string;
  files: string[];
}

/** The bundled examples (made by `npm run example`), by the name `?example=` takes. */
export const examples = [
  { name: 'synthetic', label: 'Clean cluster', dir: 'example/' },
  { name: 'operando', label: 'Operando: low dose, drift, needle', dir: 'example/operando/' },
  // The gallery's other examples (see `gallery.ts`).
  { name: 'lithiation', label: 'Clean lithiation', dir: 'example/lithiation/' },
  { name: 'contact-loss', label: 'Loss of contact', dir: 'example/contact-loss/' },
  { name: 'dm', label: 'Real DM file', dir: 'example/dm/' },
] as const;

/** The example the page shows: `?example=<name>`, the clean one by default, none with `none`. */
export function currentExample(): string {
  return new URLSearchParams(location.search).get('example') ?? 'synthetic';
}

/**
 * Opens the bundled example the URL names (see `examples`) unless it says `?example=none`. It
 * goes through the same path as a dropped file.
 */
export async function openExampleFromUrl(): Promise<void> {
  const wanted = currentExample();
  if (wanted === 'none') return;
  const example = examples.find((e) => e.name === wanted);
  if (!example) {
    useWorkbench.getState().addError({
      message: `There is no example called “${wanted}”: the examples are ${examples.map((e) => e.name).join(', ')}.`,
    });
    return;
  }
  const base = `${import.meta.env.BASE_URL}${example.dir}`;
  try {
    const response = await fetch(`${base}manifest.json`);
    if (!response.ok) return; // no example generated: start empty
    const manifest = (await response.json()) as ExampleManifest;
    useWorkbench.getState().setOpening(manifest.files);
    const files = await Promise.all(
      manifest.files.map(async (name) => {
        const file = await fetch(`${base}${encodeURIComponent(name)}`);
        if (!file.ok) throw new Error(`example file ${name} is missing (HTTP ${file.status})`);
        return { blob: await file.blob(), name };
      }),
    );
    await movieController().openFiles(files);
  } catch (error) {
    useWorkbench.getState().addError({
      message: `The example dataset could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    });
    useWorkbench.getState().setOpening([]);
  }
}
