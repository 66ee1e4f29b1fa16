// Node twin of src/workers/frame.worker.ts: the same FrameService behind comlink, over worker_threads.
// It receives a path instead of a Blob and opens the file itself, lazily, as the browser worker does.

import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import { openFileBlob } from './file-blob.ts';

class PathFrameService extends FrameService {
  async openPath(path: string, name: string): Promise<MovieInfo> {
    return this.open(openFileBlob(path), name);
  }
}

if (!parentPort) throw new Error('frame-worker.node.ts must run in a worker thread');
expose(new PathFrameService(), nodeEndpoint(parentPort));
