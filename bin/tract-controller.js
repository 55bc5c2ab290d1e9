#!/usr/bin/env node
import { runEntry } from './run-entry.js';

await runEntry(new URL('../controller/main.ts', import.meta.url).href);
