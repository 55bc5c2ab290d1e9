#!/usr/bin/env node
'use strict';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { runEntry } = require('./run-entry.js');

void runEntry(pathToFileURL(join(__dirname, '../tools/jira-sim/main.ts')).href);
