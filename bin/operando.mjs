#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx operando` works right after `npm install`
// with no build step; the core it runs is the same code the browser workers run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
