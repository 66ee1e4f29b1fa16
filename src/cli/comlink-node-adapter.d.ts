// comlink ships the node adapter's types as node-adapter.d.ts, which TypeScript doesn't match to
// the .mjs file; point the .mjs import at them.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { MessagePort, Worker } from 'node:worker_threads';
  import type { Endpoint } from 'comlink';
  export default function nodeEndpoint(nep: Worker | MessagePort): Endpoint;
}
