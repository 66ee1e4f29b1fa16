// Worker threads start without the parent's tsx hooks: register them, then load the TypeScript
// worker (`workerData.script` when the pool was given another one, as the crash tests do).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.script ?? './frame-worker.node.ts');
