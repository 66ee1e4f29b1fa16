// utif is imported by its file path so that TypeScript does not load @types/utif, which
// pulls in all of @types/node and would let Node-only globals (Buffer, fs) creep into the core.
// Only the one function the reader calls is declared.
declare module 'utif/UTIF.js' {
  /** A directory as utif sees it: keys are "t" + tag number, values are arrays of numbers. */
  interface UtifIfd {
    [tag: string]: unknown;
    data?: Uint8Array;
  }
  const UTIF: {
    decodeImage(buffer: ArrayBuffer, ifd: UtifIfd): void;
  };
  export default UTIF;
}
