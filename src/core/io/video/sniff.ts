/**
 * Which video container a file is, from its first bytes: one set of rules for every platform's
 * decoder (WebCodecs and ffmpeg.wasm in the browser, the ffmpeg program in Node).
 */

/** The containers the workbench opens as movies. */
export type VideoContainer = 'iso-media' | 'matroska' | 'avi';

export interface VideoContainerInfo {
  container: VideoContainer;
  /** The format id (platforms may add a suffix naming their decoder). */
  id: string;
  label: string;
  /** Lower-case extensions without the dot. */
  extensions: string[];
  /** True when `head` (the file's first bytes) starts this container. */
  sniff(head: Uint8Array, fileName: string): boolean;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** True when `text` (ASCII) stands in `head` at byte `at`; false when the head is too short. */
function asciiAt(head: Uint8Array, at: number, text: string): boolean {
  if (head.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

const ISO_EXTENSIONS = ['mp4', 'mov', 'm4v', '3gp'];
/** Top-level boxes that may open a QuickTime file written before `ftyp` existed. */
const PRE_FTYP_BOXES = ['moov', 'mdat', 'wide', 'free', 'skip'];
/** A box is its 4-byte size, its 4-byte type, then (for `ftyp`) the 4-byte major brand. */
const ISO_MIN_HEAD = 12;

/**
 * ISO base media (MP4, MOV, M4V, 3GP): an `ftyp` box first. Old QuickTime files start with
 * another top-level box instead; those box names are common words ("The wide ..." in a text
 * file has `wide` at byte 4), so they count only when the file's name says it is a video.
 */
function sniffIsoMedia(head: Uint8Array, fileName: string): boolean {
  if (head.length < ISO_MIN_HEAD) return false;
  if (asciiAt(head, 4, 'ftyp')) return true;
  return (
    PRE_FTYP_BOXES.some((box) => asciiAt(head, 4, box)) && ISO_EXTENSIONS.includes(extensionOf(fileName))
  );
}

/** Matroska and WebM share the EBML header magic 1A 45 DF A3. */
function sniffMatroska(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
}

/** AVI: a RIFF file whose form type is `AVI ` (OpenDML files too: their first RIFF is still `AVI `). */
function sniffAvi(head: Uint8Array): boolean {
  return asciiAt(head, 0, 'RIFF') && asciiAt(head, 8, 'AVI ');
}

export const VIDEO_CONTAINERS: readonly VideoContainerInfo[] = [
  {
    container: 'iso-media',
    id: 'mp4',
    label: 'MP4/MOV video',
    extensions: ISO_EXTENSIONS,
    sniff: sniffIsoMedia,
  },
  {
    container: 'matroska',
    id: 'webm',
    label: 'WebM/MKV video',
    extensions: ['webm', 'mkv'],
    sniff: sniffMatroska,
  },
  { container: 'avi', id: 'avi', label: 'AVI video', extensions: ['avi'], sniff: sniffAvi },
];

/** The video container `head` starts, or undefined when it is not a video the workbench opens. */
export function sniffVideoContainer(head: Uint8Array, fileName: string): VideoContainer | undefined {
  return VIDEO_CONTAINERS.find((info) => info.sniff(head, fileName))?.container;
}
