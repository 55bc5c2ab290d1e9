/**
 * Repository hygiene: comments, lint messages, test titles and the docs/ pages cite documents inside the
 * repository only (docs/code-style.md, "Comments"). Design notes, specifications and reference files kept beside the repository
 * are not part of it: what the code relies on is written down in docs/. A failure names every file:line.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

const SCANNED = ['cli', 'controller', 'shared', 'tools', 'bench', 'scripts', 'test', 'deploy', 'crds', 'bin', 'eslint.config.js', 'Dockerfile', 'docs', 'README.md', 'packages'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'results', 'test-artifacts', '.tract-demo']);
const EXTENSIONS = /\.(ts|js|mjs|cjs|yaml|yml|tpl|sh|json|go|md)$|(^|\/)Dockerfile$/;

/** Each kind of citation of a document outside the repository, with what to cite instead. */
export const OUTSIDE_CITATIONS: readonly { pattern: RegExp; instead: string }[] = [
  { pattern: /\bDESIGN\b/, instead: 'the docs/ page that states the contract' },
  { pattern: /\bSTYLE\.md\b/, instead: 'docs/code-style.md' },
  { pattern: /\b(reference|notes)\s*§/i, instead: 'docs/jira-api.md or docs/operator.md, by section name' },
  { pattern: /§\s*\d/, instead: 'a docs/ section by name (docs/ pages have no numbered sections)' },
  { pattern: /(jira-worklog-api|kubernetes-operator-notes)\.md|reference\/jira-openapi/, instead: 'docs/jira-api.md, docs/operator.md, test/fixtures/jira-openapi/' },
  { pattern: /\.\.\/shared\/(reference|seed|DESIGN|STYLE)|\bseed\/\d{3}_/, instead: 'a file inside the repository' },
  { pattern: /\bthe spec['’]s\b|\bspec says\b|\bexact(ly)? (from |as )?the spec\b|\(the spec\)|\bthe spec: "/i, instead: 'the docs/ page that states the promise (docs/cli.md, docs/from-jira.md, …)' },
  { pattern: /\(spec: [A-Z]+\)/, instead: 'the docs/ page that states the promise' },
];

function* files(path: string): Generator<string> {
  const full = join(ROOT, path);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch {
    if (EXTENSIONS.test(path)) yield path;
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) yield* files(join(path, entry.name));
    else if (entry.isFile() && EXTENSIONS.test(entry.name)) yield join(path, entry.name);
  }
}

/** The citations of outside documents in `text`, as `line: instead` pairs. */
export function findOutsideCitations(text: string): { line: number; text: string; instead: string }[] {
  const found: { line: number; text: string; instead: string }[] = [];
  text.split('\n').forEach((line, i) => {
    const hit = OUTSIDE_CITATIONS.find(({ pattern }) => pattern.test(line));
    if (hit !== undefined) found.push({ line: i + 1, text: line.trim(), instead: hit.instead });
  });
  return found;
}

describe('repository hygiene: citations stay inside the repository', () => {
  const scanned = SCANNED.flatMap((path) => [...files(path)]).filter((path) => path !== SELF);

  it('scans the source, test, deploy and documentation files', () => {
    expect(scanned.length).to.be.greaterThan(500);
    expect(scanned).to.include.members(['eslint.config.js', 'shared/core/plan-sync.ts', 'crds/tractrepos.tract.dev.yaml', 'docs/jira-api.md', 'README.md']);
  });

  it('no comment, lint message, test title or doc cites a document outside the repository', () => {
    const problems: string[] = [];
    for (const path of scanned) {
      for (const hit of findOutsideCitations(readFileSync(join(ROOT, path), 'utf8'))) {
        problems.push(`${path}:${hit.line}: ${hit.text}\n    cite ${hit.instead} instead`);
      }
    }
    expect(problems, `citations of documents outside the repository:\n${problems.join('\n')}\n`).to.deep.equal([]);
  });

  it('recognises each kind of outside citation, and not the TractRepo spec', () => {
    const cited = [
      'see DESIGN §6', 'per DESIGN.md', 'STYLE.md "Errors"', '(reference §5.1)', '(notes §3.3)', 'follows §4',
      'reference/jira-worklog-api.md', '../shared/reference/jira-openapi-v3.json', "the spec's indicators",
      'exact from the spec', '(the spec)', 'the spec: "keeps one"', '(spec: FIFO)', 'as the spec says',
    ];
    for (const line of cited) expect(findOutsideCitations(`// ${line}`), line).to.have.length(1);
    const fine = [
      'no requeue until the spec changes', 'the spec or a Secret changed', "this spec's url", '(not the spec)',
      'docs/jira-api.md, "Webhooks"', 'spec.sync.duplicates', 'a seeded random generator', 'function f(spec: SpecShape) {',
    ];
    for (const line of fine) expect(findOutsideCitations(`// ${line}`), line).to.deep.equal([]);
  });
});
