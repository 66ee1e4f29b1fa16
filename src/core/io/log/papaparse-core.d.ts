// @types/papaparse pulls in @types/node (and DOM `File`) through a triple-slash reference,
// which would make Node globals type-check inside src/core. So the core imports papaparse's
// self-contained UMD build by its path and declares here the one call it makes; the program
// never loads those typings. (The UMD build, unlike papaparse.js, has no `require('stream')`
// that bundlers would have to stub for the browser.)
declare module 'papaparse/papaparse.min.js' {
  interface PapaParseConfig {
    delimiter: string;
    newline?: string;
    quoteChar?: string;
    header?: false;
    dynamicTyping?: false;
    skipEmptyLines?: boolean;
  }
  interface PapaParseResult {
    data: string[][];
    errors: { type: string; code: string; message: string; row?: number }[];
  }
  const Papa: { parse(input: string, config: PapaParseConfig): PapaParseResult };
  export default Papa;
}
