// Choosing the object: click another particle, run, the outline follows it; reload; the choice is kept.
import { expect, type Page, test } from '@playwright/test';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { runAnalysisToEnd, screenshot } from './helpers.ts';

const W = 256;
const H = 256;
const big = { cx: 180, cy: 80, r: 34 };
const small = { cx: 70, cy: 180, r: 18 };

/** Three frames of film (400 counts) with a large and a small particle at half transmission. */
function movie(): Buffer {
  const pages = [0, 1, 2].map(() => {
    const data = new Uint16Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inside = [big, small].some((d) => (x - d.cx) ** 2 + (y - d.cy) ** 2 <= d.r * d.r);
        data[y * W + x] = inside ? 200 : 400;
      }
    }
    return { width: W, height: H, data };
  });
  return Buffer.from(encodeTiff(pages));
}

/** The centre of the drawn outline's vertices, in frame pixels. */
async function outlineCentre(page: Page): Promise<{ x: number; y: number }> {
  const points = (await page.getByTestId('outline').getAttribute('points')) ?? '';
  const xy = points
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number));
  return {
    x: xy.reduce((s, p) => s + p[0], 0) / xy.length,
    y: xy.reduce((s, p) => s + p[1], 0) / xy.length,
  };
}

/** Everything the workbench keeps in IndexedDB, as JSON text. */
function storedText(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('operando-workbench');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = Array.from(db.objectStoreNames);
          if (names.length === 0) return resolve('');
          const tx = db.transaction(names);
          const texts: string[] = [];
          for (const name of names) {
            const all = tx.objectStore(name).getAll();
            all.onsuccess = () => texts.push(JSON.stringify(all.result));
          }
          tx.oncomplete = () => resolve(texts.join('\n'));
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function openMovie(page: Page, bytes: Buffer): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'two-particles.tif', mimeType: 'image/tiff', buffer: bytes });
  await expect(page.getByTestId('movie-summary')).toContainText('256 × 256 px, 3 frames');
}

test('click another particle, run: the outline follows it, and the choice survives a reload', async ({
  page,
}) => {
  const bytes = movie();
  await page.goto('/?example=none');
  await openMovie(page, bytes);
  await runAnalysisToEnd(page);
  const first = await outlineCentre(page);
  expect(Math.abs(first.x - big.cx)).toBeLessThan(3);
  await expect(page.getByTestId('object-choice')).toContainText('the largest');

  await page.getByRole('button', { name: 'Choose object' }).click();
  const overlay = page.getByTestId('brush-overlay');
  const box = await overlay.boundingBox();
  if (!box) throw new Error('no brush overlay');
  await page.mouse.click(box.x + (small.cx / W) * box.width, box.y + (small.cy / H) * box.height);
  await expect(page.getByTestId('object-choice')).toContainText('the one at (70, 180) px');
  await runAnalysisToEnd(page);
  const chosen = await outlineCentre(page);
  expect(Math.abs(chosen.x - small.cx)).toBeLessThan(3);
  expect(Math.abs(chosen.y - small.cy)).toBeLessThan(3);
  await screenshot(page, 'object-chosen');

  // Autosave writes a moment after the last change: wait until the choice is in the browser's storage.
  await expect.poll(() => storedText(page)).toMatch(/"(objectPoint|object)":\{"x":70(\.0)?,"y":180/);
  await page.reload();
  await openMovie(page, bytes);
  await expect(page.getByTestId('object-choice')).toContainText('the one at (70, 180) px');
  await expect(page.getByTestId('outline')).toBeVisible();
  const restored = await outlineCentre(page);
  expect(Math.abs(restored.x - small.cx)).toBeLessThan(3);
});

test('"Every particle" measures both particles: the area is their total and the readout counts them', async ({
  page,
}) => {
  await page.goto('/?example=none');
  await openMovie(page, movie());
  await page.getByLabel('Every particle').check();
  await runAnalysisToEnd(page);
  await expect(page.getByTestId('frame-readout')).toContainText('2 particles');
});
