import { applySeed } from './apply-seed.ts';
import { decodeSeed, decodeSeedYaml } from './decode-seed.ts';
import type { FaultRule, RuleSet, WebhookFaultRule } from './fault-rules.ts';
import type { RateLimitConfig } from './rate-limiter.ts';
import type { RequestRecord } from './request-log.ts';
import type { SeedProblem, SimSeed } from './seed-types.ts';
import type { SimContext } from './sim-context.ts';
import type { SimSite } from './sim-types.ts';
import { type SimState, simState } from './sim-state.ts';
import type { DeliveryAttempt } from './webhook-delivery.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';
import { type WebhookSpec, decodeWebhookSpec, registerWebhook, renderWebhook } from './webhook-registration.ts';

/** Issue attributes tests may change after seeding. */
export interface IssuePatch {
  closed?: boolean;
  originalEstimateSeconds?: number | null;
  remainingEstimateSeconds?: number | null;
}

/**
 * Everything the admin API (`/_sim/…`) can do, as a typed handle for in-process tests. Seeding returns the
 * problems found (empty when all is well); nothing here throws for bad seeds.
 */
export interface JiraSimControl {
  seed(seed: SimSeed): SeedProblem[];
  seedYaml(text: string): SeedProblem[];
  /** Empties the store, faults, request log, rate-limit windows and webhooks; then seeds `seed` if given. */
  reset(seed?: SimSeed): SeedProblem[];
  state(): SimState;
  requests(afterSeq?: number): RequestRecord[];
  clearRequests(): void;
  addFault(rule: Omit<FaultRule, 'id'> & { id?: string }): FaultRule;
  removeFault(id: string): boolean;
  clearFaults(): void;
  faults(): FaultRule[];
  addWebhookFault(rule: Omit<WebhookFaultRule, 'id'> & { id?: string }): WebhookFaultRule;
  clearWebhookFaults(): void;
  webhookFaults(): WebhookFaultRule[];
  registerWebhook(spec: WebhookSpec): Record<string, unknown>;
  removeWebhook(id: number): boolean;
  flushWebhooks(): Promise<void>;
  webhookAttempts(): DeliveryAttempt[];
  advanceClock(ms: number): void;
  nowMs(): number;
  setRateLimits(config: Partial<RateLimitConfig>): void;
  updateSite(site: Partial<SimSite>): void;
  updateIssue(idOrKey: string, patch: IssuePatch): boolean;
  setWorkOnIssues(projectKey: string, userRef: string, allowed: boolean): boolean;
}

export interface ControlParts {
  ctx: SimContext;
  dispatcher: WebhookDispatcher;
  webhookFaults: RuleSet<WebhookFaultRule>;
}

function seedNow(ctx: SimContext, decoded: { seed: SimSeed; problems: SeedProblem[] }): SeedProblem[] {
  if (decoded.problems.length > 0) return decoded.problems;
  return applySeed(ctx.store, decoded.seed, ctx.clock.nowMs());
}

export function createControl({ ctx, dispatcher, webhookFaults }: ControlParts): JiraSimControl {
  const { store } = ctx;
  return {
    seed: (seed) => seedNow(ctx, decodeSeed(seed)),
    seedYaml: (text) => seedNow(ctx, decodeSeedYaml(text)),
    reset(seed) {
      store.reset();
      ctx.faults.clear();
      webhookFaults.clear();
      ctx.requestLog.clear();
      ctx.limiter.reset();
      return seed === undefined ? [] : seedNow(ctx, decodeSeed(seed));
    },
    state: () => simState(store),
    requests: (afterSeq) => ctx.requestLog.list(afterSeq),
    clearRequests: () => ctx.requestLog.clear(),
    addFault: (rule) => ctx.faults.add(rule),
    removeFault: (id) => ctx.faults.remove(id),
    clearFaults: () => ctx.faults.clear(),
    faults: () => [...ctx.faults.rules],
    addWebhookFault: (rule) => webhookFaults.add(rule),
    clearWebhookFaults: () => webhookFaults.clear(),
    webhookFaults: () => [...webhookFaults.rules],
    registerWebhook: (spec) => renderWebhook(registerWebhook(store, decodeWebhookSpec(spec), ctx.clock.nowMs()), ctx.baseUrl),
    removeWebhook: (id) => store.webhooks.delete(id),
    flushWebhooks: () => dispatcher.flush(),
    webhookAttempts: () => [...dispatcher.attempts],
    advanceClock: (ms) => ctx.clock.advance(ms),
    nowMs: () => ctx.clock.nowMs(),
    setRateLimits(config) {
      ctx.limiter.configure({ ...ctx.limiter.config, ...config });
    },
    updateSite(site) {
      store.site = { ...store.site, ...site };
    },
    updateIssue(idOrKey, patch) {
      const issue = store.findIssue(idOrKey);
      if (issue === undefined) return false;
      Object.assign(issue, patch);
      return true;
    },
    setWorkOnIssues(projectKey, userRef, allowed) {
      const project = store.projects.get(projectKey.toUpperCase());
      const user = store.userByAnyId(userRef);
      if (project === undefined || user === undefined) return false;
      if (allowed) project.noWorkOnIssues.delete(user.accountId);
      else project.noWorkOnIssues.add(user.accountId);
      return true;
    },
  };
}
