#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { runEntry } from './run-entry.js';

// The bundle (npm run build, run by `npm ci`) starts faster; the sources are the fallback.
const bundle = new URL('../dist/cli/tract-cli.mjs', import.meta.url);
await runEntry(existsSync(bundle) ? bundle.href : new URL('../cli/main.ts', import.meta.url).href);
