import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';

/** The shared fixtures sit beside the checkout (`../shared/fixtures`); read them in place. */
export const fixturesDir = resolve(import.meta.dirname, '../../../shared/fixtures');

export function fixturePath(relative: string): string {
  return resolve(fixturesDir, relative);
}

export function fixtureBlob(relative: string): Promise<Blob> {
  return openAsBlob(fixturePath(relative));
}
