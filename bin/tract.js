#!/usr/bin/env node
// `tract`: runs the CLI bundle (dist/cli, built by `npm ci` and before the tests) with its V8 code cache,
// else the TypeScript sources. CommonJS (bin/package.json), and one file besides run-entry.js, because
// every module loaded before `main` counts in `tract log`'s start-up (bench/cli-log; docs/cli-decisions.md).
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');
const { exitWith, runEntry } = require('./run-entry.js');

/**
 * The bundle's exports, or undefined when it is not built. The code cache comes from a real `tract log`
 * run at build time (scripts/build-cli.js), so it holds the functions that command compiles, not only the
 * top-level code Node's own compile cache keeps: ~10 ms of `tract log`. It is only read here; a missing,
 * stale or other-Node cache is rejected by V8 and the bundle compiles as usual.
 * TRACT_CODE_CACHE=write takes the cache when the process exits (the build does); =report says on stderr
 * whether V8 accepted it.
 */
function loadBundle(file, cacheFile, mode) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The wrapper Node gives a CommonJS module; the bundle requires node: built-ins only, so this file's
  // own `require` serves it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (mode === 'write') process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()));
  if (mode === 'report') {
    const state = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
    process.stderr.write(`tract: code cache ${state}\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  return module.exports;
}

function writeAtomically(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

// The bundle runs on Node 20 and later (built for node20); the sources need Node 24 (checkRuntime).
const io = { tractBin: __filename };
const dist = join(__dirname, '..', 'dist', 'cli');
const cli = Number(process.versions.node.split('.')[0]) >= 20
  ? loadBundle(join(dist, 'tract-cli.cjs'), join(dist, 'tract-cli.v8cache'), process.env.TRACT_CODE_CACHE)
  : undefined;
if (cli !== undefined) void exitWith(cli.main(process.argv, process.env, io));
else void runEntry(pathToFileURL(join(__dirname, '..', 'cli', 'main.ts')).href, io);
