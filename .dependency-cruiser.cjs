// Dependency rules that ESLint cannot state, run by `npm run lint` (docs/testing.md, "What lint enforces").
// dependency-cruiser sees every import edge: static, dynamic `import()`, re-exports, and, with
// tsPreCompilationDeps, the type-only imports that TypeScript erases.

/** Where tools/ (the Jira simulator, the CLI package installer, envtest) may be imported from. */
const TOOLS_FORBIDDEN_FROM = '^(cli|controller|shared)/';

module.exports = {
  forbidden: [
    {
      name: 'no-import-cycle',
      severity: 'error',
      comment: 'A module never reaches itself through its imports, type-only and dynamic ones included: move what both sides need to a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tools-only-from-tools-test-bench-scripts',
      severity: 'error',
      comment: 'tools/ is development tooling: only tools/, test/, bench/ and scripts/ import it, never the shipped code.',
      from: { path: TOOLS_FORBIDDEN_FROM },
      to: { path: '^tools/' },
    },
  ],
  options: {
    includeOnly: '^(cli|controller|demo|shared|tools|bench)/',
    exclude: { path: '^bench/results/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
