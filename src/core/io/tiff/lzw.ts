const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
/** A new table starts before code 4094 so that codes never need more than 12 bits. */
const LAST_FREE = 4094;

/**
 * TIFF LZW encoder (TIFF 6.0 section 13): codes packed most significant bit first, starting
 * at 9 bits and widening one code early ("early change"), as libtiff and utif expect.
 * utif, not this module, decodes.
 */
export function lzwEncode(input: Uint8Array): Uint8Array {
  let out = new Uint8Array(Math.max(64, input.length + (input.length >> 1)));
  let length = 0;
  let bits = 0;
  let bitCount = 0;
  const emit = (code: number, width: number): void => {
    bits = (bits << width) | code;
    bitCount += width;
    while (bitCount >= 8) {
      if (length === out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      bitCount -= 8;
      out[length++] = (bits >>> bitCount) & 0xff;
    }
    bits &= (1 << bitCount) - 1;
  };
  // n = data codes written since the last clear; the decoder then holds FIRST_FREE + n - 1
  // entries and widens as soon as the next entry would not fit.
  let n = 0;
  const width = (): number => {
    const top = FIRST_FREE + Math.max(n, 1);
    return top < 512 ? 9 : top < 1024 ? 10 : top < 2048 ? 11 : 12;
  };
  const table = new Map<number, number>();
  emit(CLEAR, 9);
  if (input.length === 0) {
    emit(EOI, 9);
    return flush();
  }
  let prefix = input[0];
  for (let i = 1; i < input.length; i++) {
    const byte = input[i];
    const key = prefix * 256 + byte;
    const known = table.get(key);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    emit(prefix, width());
    n++;
    table.set(key, FIRST_FREE + n - 1);
    if (FIRST_FREE + n === LAST_FREE) {
      emit(CLEAR, width());
      table.clear();
      n = 0;
    }
    prefix = byte;
  }
  emit(prefix, width());
  n++;
  emit(EOI, width());
  return flush();

  function flush(): Uint8Array {
    if (bitCount > 0) emit(0, 8 - bitCount);
    return out.slice(0, length);
  }
}

/** String lengths per code, reused between calls (the table never exceeds 4096 codes). */
const lengths = new Uint32Array(4096);

/** Reads `width` bits at bit offset `at`, most significant bit first. */
function readCode(data: Uint8Array, at: number, width: number): number {
  let code = 0;
  for (let i = 0; i < width; i++) {
    const bit = at + i;
    code = (code << 1) | ((data[bit >>> 3] >> (7 - (bit & 7))) & 1);
  }
  return code;
}

/**
 * Walks an LZW strip's codes without decoding it, following utif's decoder state exactly
 * (code width, table size, and how many bytes each code yields), because utif loops forever
 * on a strip that has no end-of-information code. Returns the data to hand to utif (with an
 * end code appended when the writer left it out but the strip is complete, as libtiff accepts)
 * or the reason the strip is damaged.
 */
export function checkLzw(data: Uint8Array, expected: number): Uint8Array | string {
  const totalBits = data.length * 8;
  let width = 9;
  let next = FIRST_FREE;
  let previous = 0;
  let produced = 0;
  let at = 0;
  for (let i = 0; i < 256; i++) lengths[i] = 1;
  while (at + width <= totalBits) {
    let code = readCode(data, at, width);
    at += width;
    if (code === EOI)
      return produced >= expected ? data : `LZW data ends after ${produced} of ${expected} bytes`;
    if (code === CLEAR) {
      width = 9;
      next = FIRST_FREE;
      if (at + width > totalBits) break;
      code = readCode(data, at, width);
      at += width;
      if (code === EOI)
        return produced >= expected ? data : `LZW data ends after ${produced} of ${expected} bytes`;
      if (code > 255) return 'LZW data is damaged (a table reset is followed by a non-literal code)';
      produced += 1;
    } else {
      // utif's two branches: a known code, or the code being defined right now (KwKwK).
      if (code < next) {
        lengths[next] = previous >= next ? 1 : lengths[previous] + 1;
        produced += lengths[code];
      } else {
        lengths[next] = previous >= next ? 0 : lengths[previous] + 1;
        produced += lengths[next];
      }
      next++;
      if (next + 1 === 1 << width) width++;
      if (width > 12) return 'LZW data is damaged (its code table overflows)';
    }
    previous = code;
  }
  if (produced < expected) return `LZW data ends after ${produced} of ${expected} bytes`;
  // Complete but unterminated: write an end code where the next code would start.
  const patched = new Uint8Array(Math.ceil((at + width) / 8) + 3);
  patched.set(data.subarray(0, Math.ceil(at / 8)));
  for (let i = 0; i < width; i++) {
    const bit = at + i;
    const mask = 1 << (7 - (bit & 7));
    if ((EOI >> (width - 1 - i)) & 1) patched[bit >>> 3] |= mask;
    else patched[bit >>> 3] &= ~mask;
  }
  return patched;
}
