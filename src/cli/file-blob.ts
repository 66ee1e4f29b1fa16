import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * A Blob-shaped view of a file on disk that reads only the bytes asked for, with positioned reads.
 * Node 20's `fs.openAsBlob` can't be used for movies: past 2 GiB it reports the size modulo 4 GiB
 * and returns empty reads (nodejs/node#52585), and K2 recordings are routinely larger.
 */
export class FileBlob {
  readonly type = '';
  readonly size: number;

  constructor(
    readonly path: string,
    private readonly start = 0,
    end = statSync(path).size,
  ) {
    this.size = Math.max(0, end - start);
  }

  slice(from = 0, to = this.size): FileBlob {
    const clamp = (n: number) => Math.max(0, Math.min(this.size, n < 0 ? this.size + n : n));
    const a = clamp(from);
    return new FileBlob(this.path, this.start + a, this.start + Math.max(a, clamp(to)));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(this.size);
    const handle = await open(this.path, 'r');
    try {
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, this.start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === bytes.length ? bytes.buffer : bytes.buffer.slice(0, done);
    } finally {
      await handle.close();
    }
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }
}

/** Opens a file as a lazily read Blob (the core's readers only slice and read ranges). */
export function openFileBlob(path: string): Blob {
  return new FileBlob(path) as unknown as Blob;
}
