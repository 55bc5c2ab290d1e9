#!/usr/bin/env node
'use strict';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { runEntry } = require('./run-entry.js');

void runEntry(pathToFileURL(join(__dirname, '../demo/demo-main.ts')).href);
