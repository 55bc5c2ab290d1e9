// Shared start-up for the bin wrappers: checks the runtime, then runs a TypeScript entry point's
// `main(argv, env, io)` and turns its result into the exit code. Plain CommonJS, so that a too-old Node
// fails with a clear message instead of a syntax error, and so that `tract` starts without the ES module
// loader (bin/tract.js).
'use strict';

/** True when this Node can run Tract; otherwise says so on stderr and sets exit code 1. */
function checkRuntime() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major >= 24 && process.features?.typescript) return true;
  process.stderr.write(
    `✗ Tract needs Node.js 24 (this is ${process.version}). Run it through npx from the project ` +
      `(\`npx tract …\`): \`npm ci\` installs Node 24 into node_modules/.bin.\n`,
  );
  process.exitCode = 1;
  return false;
}

/** Sets the exit code from `main`'s promise. */
async function exitWith(result) {
  process.exitCode = await result;
}

async function runEntry(entryUrl, io) {
  if (!checkRuntime()) return;
  require('node:module').enableCompileCache?.();
  const { main } = await import(entryUrl);
  await exitWith(main(process.argv, process.env, io));
}

module.exports = { checkRuntime, exitWith, runEntry };
