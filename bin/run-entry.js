// Shared start-up for the bin wrappers: checks the runtime, then runs a TypeScript entry point's
// `main(argv, env)` and turns its result into the exit code. Kept in plain JS so that a too-old Node
// fails with a clear message instead of a syntax error.
import module from 'node:module';

export async function runEntry(entryUrl) {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 24 || !process.features?.typescript) {
    process.stderr.write(
      `✗ Tract needs Node.js 24 (this is ${process.version}). Run it through npx from the project ` +
        `(\`npx tract …\`): \`npm ci\` installs Node 24 into node_modules/.bin.\n`,
    );
    process.exitCode = 1;
    return;
  }
  module.enableCompileCache?.();
  const { main } = await import(entryUrl);
  process.exitCode = await main(process.argv, process.env);
}
