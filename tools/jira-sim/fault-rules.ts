import type { Random } from './random.ts';

/** What a REST fault does to a matching request. */
export type FaultAction =
  | { type: 'latency'; ms: number; jitterMs?: number }
  | { type: 'error'; status: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { type: 'rateLimit'; retryAfterSeconds?: number; reason?: string }
  | { type: 'hang'; ms?: number }
  | { type: 'responseLost' };

/** What a webhook fault does to a matching delivery. */
export type WebhookFaultAction =
  | { type: 'drop' }
  | { type: 'duplicate'; copies?: number }
  | { type: 'reorder'; window: number }
  | { type: 'delay'; ms: number };

/** Which requests a rule applies to and how often. Without `count` it fires forever; `probability` defaults to 1. */
export interface FaultMatch {
  /** HTTP method, e.g. `POST`; any when absent. */
  method?: string;
  /** Regular expression (source) tested against the path without query, e.g. `/worklog$`. */
  path?: string;
  probability?: number;
  count?: number;
}

export interface FaultRule extends FaultMatch {
  id: string;
  action: FaultAction;
}

export interface WebhookFaultRule {
  id: string;
  /** `worklog_created` etc.; any when absent. */
  event?: string;
  /** Regular expression (source) tested against the target URL. */
  url?: string;
  probability?: number;
  count?: number;
  action: WebhookFaultAction;
}

interface Countable {
  probability?: number;
  count?: number;
}

/** Decides whether a matching rule fires now, and uses up one of its `count` if it does. */
export function fires(rule: Countable, random: Random): boolean {
  if (rule.count !== undefined && rule.count <= 0) return false;
  if (rule.probability !== undefined && rule.probability < 1 && random() >= rule.probability) return false;
  if (rule.count !== undefined) rule.count -= 1;
  return true;
}

function checkRegExp(field: string, source: string): void {
  try {
    new RegExp(source);
  } catch {
    throw new Error(`Fault rule ${field} is not a valid regular expression: ${source}`);
  }
}

/** A list of rules with ids; rules whose count is used up stay listed (count 0) until cleared. */
export class RuleSet<T extends { id: string }> {
  readonly rules: T[] = [];
  private nextId = 1;

  /** Adds a rule; throws a plain Error when its `path`/`url` is not a valid regular expression. */
  add(rule: Omit<T, 'id'> & { id?: string }): T {
    for (const field of ['path', 'url'] as const) {
      const source = (rule as Record<string, unknown>)[field];
      if (typeof source === 'string') checkRegExp(field, source);
    }
    const added = { ...rule, id: rule.id ?? `f${this.nextId++}` } as T;
    this.rules.push(added);
    return added;
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index >= 0) this.rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  return rule.path === undefined || new RegExp(rule.path).test(path);
}

/**
 * The REST rules that fire for this request, in the order they were added: every latency rule, and at most one
 * terminal rule (later terminal rules are not evaluated, so their counts are kept for later requests).
 */
export function firingFaults(rules: FaultRule[], method: string, path: string, random: Random): FaultAction[] {
  const actions: FaultAction[] = [];
  let terminal = false;
  for (const rule of rules) {
    const isLatency = rule.action.type === 'latency';
    if ((terminal && !isLatency) || !matches(rule, method, path) || !fires(rule, random)) continue;
    actions.push(rule.action);
    terminal ||= !isLatency;
  }
  return actions;
}
