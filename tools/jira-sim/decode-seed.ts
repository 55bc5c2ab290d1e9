import { LineCounter, parseDocument } from 'yaml';
import type { SeedProblem, SimSeed } from './seed-types.ts';

type Check = 'string' | 'number' | 'boolean' | 'duration' | 'object' | 'string[]' | 'any';

const USER: Record<string, Check> = {
  email: 'string', name: 'string', displayName: 'string', accountId: 'string', timeZone: 'string', locale: 'string',
  apiToken: 'string', personalAccessToken: 'string', admin: 'boolean', active: 'boolean',
};
const ISSUE: Record<string, Check> = {
  key: 'string', summary: 'string', closed: 'boolean', originalEstimate: 'duration', remainingEstimate: 'duration',
};
const PROJECT: Record<string, Check> = { key: 'string', name: 'string', issueCount: 'number', noWorkOnIssues: 'string[]' };
const WORKLOG: Record<string, Check> = {
  issue: 'string', author: 'string', started: 'string', timeSpentSeconds: 'number', comment: 'string', properties: 'object',
};
const SITE: Record<string, Check> = {
  timeTrackingEnabled: 'boolean', hoursPerDay: 'number', daysPerWeek: 'number', defaultUnit: 'string', timeFormat: 'string',
  maxWorklogsPerIssue: 'number',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fits(value: unknown, check: Check): boolean {
  if (check === 'any') return true;
  if (check === 'string[]') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (check === 'duration') return typeof value === 'string' || typeof value === 'number';
  if (check === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === check;
}

class Checker {
  readonly problems: { path: (string | number)[]; expected: string; found: string }[] = [];

  object(value: unknown, path: (string | number)[], fields: Record<string, Check>, required: string[]): void {
    if (!fits(value, 'object')) {
      this.problems.push({ path, expected: 'a mapping', found: describe(value) });
      return;
    }
    const record = value as Record<string, unknown>;
    for (const name of required) {
      if (record[name] === undefined) this.problems.push({ path: [...path, name], expected: `field '${name}'`, found: 'nothing' });
    }
    for (const [name, field] of Object.entries(record)) {
      const check = fields[name];
      if (check === undefined) this.problems.push({ path: [...path, name], expected: `one of ${Object.keys(fields).join(', ')}`, found: `'${name}'` });
      else if (!fits(field, check)) this.problems.push({ path: [...path, name], expected: check, found: describe(field) });
    }
  }

  list(value: unknown, path: string, each: (item: unknown, index: number) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) this.problems.push({ path: [path], expected: 'a list', found: describe(value) });
    else value.forEach(each);
  }
}

function checkSeed(seed: unknown, checker: Checker): void {
  checker.object(seed, [], { site: 'object', users: 'any', projects: 'any', worklogs: 'any' }, []);
  if (!fits(seed, 'object')) return;
  const s = seed as Record<string, unknown>;
  if (s.site !== undefined) checker.object(s.site, ['site'], SITE, []);
  checker.list(s.users, 'users', (u, i) => checker.object(u, ['users', i], USER, ['email']));
  checker.list(s.projects, 'projects', (p, i) => {
    checker.object(p, ['projects', i], { ...PROJECT, issues: 'any' }, ['key']);
    const issues = (p as Record<string, unknown> | null)?.issues;
    if (issues !== undefined && !Array.isArray(issues)) {
      checker.problems.push({ path: ['projects', i, 'issues'], expected: 'a list', found: describe(issues) });
    }
    if (Array.isArray(issues)) issues.forEach((issue, j) => checker.object(issue, ['projects', i, 'issues', j], ISSUE, []));
  });
  checker.list(s.worklogs, 'worklogs', (w, i) =>
    checker.object(w, ['worklogs', i], WORKLOG, ['issue', 'author', 'started', 'timeSpentSeconds']),
  );
}

/** Checks a seed given as data; every problem is reported, not just the first. */
export function decodeSeed(value: unknown): { seed: SimSeed; problems: SeedProblem[] } {
  const checker = new Checker();
  checkSeed(value ?? {}, checker);
  const problems = checker.problems.map((p) => ({ path: p.path.join('.') || '(root)', expected: p.expected, found: p.found }));
  return { seed: (value ?? {}) as SimSeed, problems };
}

/** Parses and checks a YAML seed file; problems carry the file's line numbers. */
export function decodeSeedYaml(text: string): { seed: SimSeed; problems: SeedProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return {
      seed: {},
      problems: doc.errors.map((e) => ({ path: '(yaml)', line: e.linePos?.[0].line, expected: 'valid YAML', found: e.message.split('\n')[0] ?? '' })),
    };
  }
  const checker = new Checker();
  const value: unknown = doc.toJS() ?? {};
  checkSeed(value, checker);
  const problems = checker.problems.map((p) => {
    const node = doc.getIn(p.path.length > 0 ? p.path : [], true) as { range?: [number, number, number] } | undefined;
    const parent = doc.getIn(p.path.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parent?.range?.[0];
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    return { path: p.path.join('.') || '(root)', line, expected: p.expected, found: p.found };
  });
  return { seed: value as SimSeed, problems };
}

/** One line per problem: `seed.yaml:12 users.0.email: expected string, found number 3`. */
export function formatSeedProblems(source: string, problems: SeedProblem[]): string {
  return problems
    .map((p) => `${source}${p.line === undefined ? '' : `:${p.line}`} ${p.path}: expected ${p.expected}, found ${p.found}`)
    .join('\n');
}
