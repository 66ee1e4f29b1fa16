/**
 * The WebAssembly SIMD kernels of the core, instantiated on first use, once per thread. Each
 * kernel has a JS twin that gives the same result (to float rounding) and is used where
 * WebAssembly SIMD is missing, so the kernels only ever make things faster.
 *
 * Memory: the kernels work in their own linear memory, which grows to the largest image seen
 * (2 MB for a 512² working image) and is reused; inputs are copied in, results copied out.
 */

import { WASM_BASE64 } from './flatten-blur.wasm.ts';

interface FlattenBlurExports {
  memory: WebAssembly.Memory;
  flattenBlur(
    src: number,
    dst: number,
    ring: number,
    pad: number,
    width: number,
    height: number,
    ...rest: number[]
  ): void;
}

let loaded: FlattenBlurExports | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The kernel module, or null where WebAssembly (or its SIMD extension) is not available. */
function flattenBlurModule(): FlattenBlurExports | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    if (typeof WebAssembly === 'undefined') return loaded;
    const bytes = decodeBase64(WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return loaded;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    loaded = instance.exports as unknown as FlattenBlurExports;
  } catch {
    loaded = null;
  }
  return loaded;
}

/** True when the WebAssembly kernels run here (for benchmarks and tests). */
export function wasmKernelsAvailable(): boolean {
  return flattenBlurModule() !== null;
}

const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * The transmission image (`data` divided by the cubic background of coefficients `c`, see
 * background.ts) blurred with the symmetric kernel whose right half is `half` (≤ 4 taps), in
 * WebAssembly SIMD; undefined where the kernel can't run (the caller then uses the JS twin).
 */
export function flattenBlurWasm(
  data: Float32Array,
  width: number,
  height: number,
  c: Float64Array,
  half: Float64Array,
): Float32Array | undefined {
  if (half.length > 4 || c.length !== 10) return undefined;
  const kernel = flattenBlurModule();
  if (!kernel) return undefined;
  const n = width * height;
  const src = 0;
  const dst = align16(n * 4);
  const ring = dst + align16(n * 4);
  const pad = ring + align16(7 * width * 4);
  const needed = pad + align16((width + 8) * 4);
  const { memory } = kernel;
  if (memory.buffer.byteLength < needed) {
    memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
  }
  new Float32Array(memory.buffer, src, n).set(data);
  kernel.flattenBlur(
    src,
    dst,
    ring,
    pad,
    width,
    height,
    ...c,
    half[0],
    half[1] ?? 0,
    half[2] ?? 0,
    half[3] ?? 0,
  );
  return new Float32Array(memory.buffer, dst, n).slice();
}
