// Lint rules that state the architecture (see docs/code-style.md, "Layout states the architecture").
// Each restriction's message says what to use instead.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import cycles and the tools/ boundary: .dependency-cruiser.cjs, also run by `npm run lint`
// (docs/testing.md, "What lint enforces").
const SOURCE = ['shared/**/*.ts', 'cli/**/*.ts', 'controller/**/*.ts', 'demo/**/*.ts', 'tools/**/*.ts'];
const ENTRY_POINTS = ['**/main.ts', '**/*-main.ts', 'bin/**', 'test/**', 'bench/**'];

const io = (name, instead) => [
  { name, message: `shared/core is pure: ${instead}` },
  { name: `node:${name}`, message: `shared/core is pure: ${instead}` },
];

const coreForbidden = [
  ...io('fs', 'take file contents as arguments; the adapters read files.'),
  ...io('fs/promises', 'take file contents as arguments; the adapters read files.'),
  ...io('child_process', 'git is run only by shared/git.'),
  ...io('http', 'network I/O belongs in an adapter.'),
  ...io('https', 'network I/O belongs in an adapter.'),
  ...io('net', 'network I/O belongs in an adapter.'),
  { name: 'jira.js', message: 'only shared/jira talks to Jira.' },
  { name: '@kubernetes/client-node', message: 'only controller/kube talks to Kubernetes.' },
  { name: 'express', message: 'HTTP servers live in controller/server or tools/.' },
  { name: 'winston', message: 'pass a Logger port in; core does not log.' },
];

const STYLE_SYNTAX = [
  { selector: 'TSEnumDeclaration', message: 'Use a string union instead of an enum (docs/code-style.md, "Names").' },
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports only (docs/code-style.md, "Names").' },
];

// The worklog repository is the only writer of worklog and queue files and the only committer of them
// (docs/git.md, "The worklog repository"): the pure planners and encoders it uses are not imported elsewhere,
// and no commit subject is spelled outside shared/core/commit-subjects.ts.
const WORKLOG_WRITES_ONLY_IN_GIT = {
  group: ['**/shared/core/write-worklog-files.ts', '**/shared/core/queue-entry.ts', '**/shared/core/commit-subjects.ts'],
  importNames: ['planWorklogWrites', 'canonicalWorklogText', 'encodeQueueEntry', 'commitMessage'],
  message: 'Worklog files are written and committed only by shared/git/worklog-repository.ts (docs/git.md, "The worklog repository").',
};
const SUBJECT_MESSAGE = 'Commit subjects are built only in shared/core/commit-subjects.ts: describe the change to the worklog repository (docs/git.md, "The worklog repository").';
const SUBJECT_SYNTAX = [
  { selector: 'Literal[value=/^\\[tract/]', message: SUBJECT_MESSAGE },
  { selector: 'TemplateElement[value.raw=/^\\[tract/]', message: SUBJECT_MESSAGE },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'packages/*/dist/**', '.tract-demo/**', 'bench/results/**', 'coverage/**', 'deploy/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...STYLE_SYNTAX],
    },
  },
  {
    files: SOURCE,
    ignores: ['shared/core/**'],
    rules: {
      'no-restricted-syntax': ['error', ...STYLE_SYNTAX, ...SUBJECT_SYNTAX],
    },
  },
  {
    files: SOURCE,
    rules: {
      complexity: ['error', 10],
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-depth': ['error', 4],
    },
  },
  {
    files: SOURCE,
    ignores: ENTRY_POINTS,
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only a main.ts reads the environment: take the value as a parameter.' },
        { object: 'process', property: 'argv', message: 'Only a main.ts reads argv: take the value as a parameter.' },
        { object: 'process', property: 'exit', message: 'Only a main.ts exits: return an exit code or throw a TractError.' },
        { object: 'process', property: 'on', message: 'Only a main.ts installs signal handlers.' },
      ],
    },
  },
  {
    files: ['shared/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: coreForbidden,
          patterns: [
            { group: ['**/shared/git/**', '**/git/*', '**/shared/jira/**', '**/jira/*'], message: 'shared/core depends on nothing: adapters import core, not the other way round.' },
            { group: ['**/cli/**', '**/controller/**'], message: 'shared/core never imports the cli or the controller.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'shared/core is pure: pass configuration in as arguments.' },
        { name: 'fetch', message: 'shared/core is pure: network I/O belongs in an adapter.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'shared/core takes time from a Clock: use clock.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/core takes time from a Clock: use clock.now().' },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']", message: 'shared/core takes time from a Clock: use clock.now().' },
        ...STYLE_SYNTAX,
      ],
    },
  },
  {
    files: ['shared/git/**/*.ts', 'shared/jira/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@kubernetes/client-node', message: 'only controller/kube talks to Kubernetes.' }],
          patterns: [{ group: ['**/cli/**', '**/controller/**'], message: 'adapters import shared/core only, never the cli or the controller.' }],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'jira.js', message: 'The CLI never talks to Jira: git is the only write path (docs/code-style.md, "Dependency direction").' },
            { name: '@kubernetes/client-node', message: 'only controller/kube talks to Kubernetes.' },
            { name: 'child_process', message: 'git is run only by shared/git.' },
            { name: 'node:child_process', message: 'git is run only by shared/git.' },
          ],
          patterns: [{ group: ['**/controller/**'], message: 'cli and controller never import each other: share code through shared/.' }, WORKLOG_WRITES_ONLY_IN_GIT],
        },
      ],
    },
  },
  {
    files: ['controller/**/*.ts'],
    ignores: ['controller/kube/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@kubernetes/client-node', message: 'controller/kube is the only importer of @kubernetes/client-node.' },
            { name: 'jira.js', message: 'only shared/jira talks to Jira.' },
            { name: 'child_process', message: 'git is run only by shared/git.' },
            { name: 'node:child_process', message: 'git is run only by shared/git.' },
          ],
          patterns: [{ group: ['**/cli/**'], message: 'cli and controller never import each other: share code through shared/.' }, WORKLOG_WRITES_ONLY_IN_GIT],
        },
      ],
    },
  },
  {
    files: ['demo/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [WORKLOG_WRITES_ONLY_IN_GIT] }] },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // CommonJS: the bin wrappers (bin/package.json; `tract` starts without the ES module loader) and
    // the floor script of bench/cli-log.
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
