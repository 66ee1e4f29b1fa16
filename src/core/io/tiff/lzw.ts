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
