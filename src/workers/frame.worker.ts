/// <reference lib="webworker" />
// A thin comlink adapter: all the work is in core's FrameService. Frames sent to the UI are
// transferred, not copied (readers hand out fresh buffers, so nothing in the worker is detached).
import { expose, transfer } from 'comlink';
import type { Frame } from '../core/io/types.ts';
import { FrameService } from '../core/run/frame-service.ts';
import { browserVideoFormats } from './video/formats.ts';

class TransferringFrameService extends FrameService {
  override async getFrame(index: number): Promise<Frame> {
    const frame = await super.getFrame(index);
    return transfer(frame, [frame.data.buffer as ArrayBuffer]);
  }
}

// Video formats add WebCodecs / ffmpeg.wasm decoding; their code loads only when a video is opened.
expose(new TransferringFrameService(browserVideoFormats));
