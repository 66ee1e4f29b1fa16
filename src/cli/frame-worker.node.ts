// Node twin of src/workers/frame.worker.ts: the same FrameService behind comlink, over worker_threads.

import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { PathFrameService } from './frame-worker-service.ts';
import { installNativeInflate } from './native-inflate.ts';
import { nodeVideoFormats } from './video/formats.ts';
import './worker-errors.ts';

if (!parentPort) throw new Error('frame-worker.node.ts must run in a worker thread');
installNativeInflate();
// Videos (MP4, WebM, AVI) are decoded by the ffmpeg program, as in the inline pool.
expose(new PathFrameService(nodeVideoFormats), nodeEndpoint(parentPort));
