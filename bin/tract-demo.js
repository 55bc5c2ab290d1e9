#!/usr/bin/env node
import { runEntry } from './run-entry.js';

await runEntry(new URL('../controller/demo-main.ts', import.meta.url).href);
