import { openFiles } from '../state/movie-controller.ts';
import { useWorkbench } from '../state/store.ts';

interface ExampleManifest {
  title: string;
  files: string[];
}

/**
 * Opens the bundled example (made by `npm run example` from the synthetic-movie generator) unless
 * the URL says `?example=none`. It goes through the same path as a dropped file.
 */
export async function openExampleFromUrl(): Promise<void> {
  const wanted = new URLSearchParams(location.search).get('example') ?? 'synthetic';
  if (wanted === 'none') return;
  const base = `${import.meta.env.BASE_URL}example/`;
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
    await openFiles(files);
  } catch (error) {
    useWorkbench.getState().addError({
      message: `The example dataset could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    });
    useWorkbench.getState().setOpening([]);
  }
}
