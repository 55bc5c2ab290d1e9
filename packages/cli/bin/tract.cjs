#!/usr/bin/env node
// `tract` as the tract-cli package installs it: runs the one-file bundle (dist/tract-cli.cjs) on any Node.js
// from 20 up, with a V8 code cache per Node version and command kept in the user's cache directory
// (docs/cli-decisions.md, "Packaging"). CommonJS and one file: every module loaded before `main` counts in
// `tract log`'s start-up.
'use strict';
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');

const MIN_NODE = 20;
const BUNDLE = join(__dirname, '..', 'dist', 'tract-cli.cjs');

/**
 * The cache file of this bundle (by its length: npm gives installed files one fixed mtime), Node and
 * command: a cache holds the functions its command compiled. V8 itself rejects a cache of other source.
 */
function cacheFile(env, source) {
  if (env.TRACT_CODE_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
  return join(base, 'tract', `cli-${source.length}-node-${process.version}-${process.arch}-${command}.v8cache`);
}

function readIfPresent(file) {
  try {
    return file === undefined ? undefined : readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Takes the cache at exit (then removes `replaces`); a cache that cannot be written is skipped. */
function keepCache(script, file, replaces) {
  process.once('exit', () => {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, file);
      if (replaces !== undefined) rmSync(replaces, { force: true });
    } catch {
      // A read-only or missing cache directory only costs start-up time.
    }
  });
}

/**
 * Two generations: the first run of a command writes `….first.v8cache`; the second runs from it and writes
 * the final cache, which then holds what both compiled (a second run finds data the first did not, such as
 * a month file with lines). Later runs read the final cache only.
 */
function loadBundle(env) {
  const source = readFileSync(BUNDLE, 'utf8');
  const file = cacheFile(env, source);
  let cachedData = readIfPresent(file);
  const first = cachedData === undefined && file !== undefined ? file.replace(/\.v8cache$/, '.first.v8cache') : undefined;
  if (first !== undefined) cachedData = readIfPresent(first);
  // The wrapper Node gives a CommonJS module; the bundle requires node: built-ins only.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  if (file !== undefined && (!accepted || first !== undefined)) keepCache(script, accepted ? file : (first ?? file), accepted ? first : undefined);
  if (env.TRACT_CODE_CACHE === 'report') process.stderr.write(`tract: code cache ${accepted ? 'accepted' : cachedData === undefined ? 'missing' : 'rejected'}\n`);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, BUNDLE, join(__dirname, '..', 'dist'));
  return module.exports;
}

if (Number(process.versions.node.split('.')[0]) < MIN_NODE) {
  process.stderr.write(`✗ tract needs Node.js ${MIN_NODE} or later (this is ${process.version})\n`);
  process.exitCode = 1;
} else {
  const cli = loadBundle(process.env);
  void cli.main(process.argv, process.env, { tractBin: __filename }).then((code) => (process.exitCode = code));
}
