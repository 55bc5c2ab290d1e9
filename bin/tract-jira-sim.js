#!/usr/bin/env node
import { runEntry } from './run-entry.js';

await runEntry(new URL('../tools/jira-sim/main.ts', import.meta.url).href);
