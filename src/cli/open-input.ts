import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { naturalCompare } from '../core/io/dm/sequence.ts';
import { InputError } from './errors.ts';

/** Upper bound on the files collected from one folder, so a wrong path (say /) fails fast. */
const MAX_FILES = 200_000;

/**
 * The per-frame DM files (*.dm3, *.dm4) below `folder`, recursively, as paths relative to it in
 * natural order: how GMS saves an in-situ recording (Hour_00/Minute_00/Second_00/..._Frame_0001.dm4).
 */
export async function collectDmFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.dm[34]$/i.test(entry.name)) found.push(relative(folder, path));
      if (found.length > MAX_FILES) {
        throw new InputError(folder, `more than ${MAX_FILES} DM files`, 'give the folder of one recording');
      }
    }
  };
  await walk(folder);
  if (found.length === 0) {
    throw new InputError(
      folder,
      'the folder holds no .dm3 or .dm4 files',
      'give a movie file, or the folder of an in-situ DM recording',
    );
  }
  return found.sort(naturalCompare);
}

/** A movie argument is a file, or a folder of per-frame DM files; anything else is named plainly. */
export async function requireMovieInput(path: string): Promise<'file' | 'folder'> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new InputError(path, 'no such file or folder', 'check the path (and the current folder)');
  if (info.isDirectory()) return 'folder';
  if (!info.isFile())
    throw new InputError(path, 'not a file or folder', 'give a movie file or a folder of DM frames');
  return 'file';
}
