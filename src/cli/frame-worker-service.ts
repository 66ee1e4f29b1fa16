import { join } from 'node:path';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import { openFileBlob } from './file-blob.ts';

/**
 * The FrameService of a Node worker thread: it receives a path instead of a Blob and opens the
 * file itself, lazily, as the browser worker does.
 */
export class PathFrameService extends FrameService {
  async openPath(path: string, name: string): Promise<MovieInfo> {
    return this.open(openFileBlob(path), name);
  }

  /** A folder of per-frame DM files: `paths` are relative to `root`. */
  async openPaths(root: string, paths: string[]): Promise<MovieInfo> {
    return this.openSequence(paths.map((path) => ({ blob: openFileBlob(join(root, path)), path })));
  }
}
