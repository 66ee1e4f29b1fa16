// Node twin of src/workers/frame.worker.ts: the same FrameService behind comlink, over worker_threads.
// It receives a path instead of a Blob and opens the file itself, lazily, as the browser worker does.

import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import { openFileBlob } from './file-blob.ts';
import { nodeVideoFormats } from './video/formats.ts';

class PathFrameService extends FrameService {
  async openPath(path: string, name: string): Promise<MovieInfo> {
    return this.open(openFileBlob(path), name);
  }

  /** A folder of per-frame DM files: `paths` are relative to `root`. */
  async openPaths(root: string, paths: string[]): Promise<MovieInfo> {
    return this.openSequence(paths.map((path) => ({ blob: openFileBlob(join(root, path)), path })));
  }
}

if (!parentPort) throw new Error('frame-worker.node.ts must run in a worker thread');
// Videos (MP4, WebM, AVI) are decoded by the ffmpeg program, as in the inline pool.
expose(new PathFrameService(nodeVideoFormats), nodeEndpoint(parentPort));
