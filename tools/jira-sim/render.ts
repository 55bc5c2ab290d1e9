import { textToAdf } from './adf.ts';
import { formatJiraDuration } from './jira-duration.ts';
import { formatJiraTime } from './jira-time.ts';
import type { SimStore } from './sim-store.ts';
import type { ApiVersion, SimFlavor, SimUser, SimWorklog } from './sim-types.ts';

/** Who is looking and through which API: decides URLs, user shape, comment shape and the time zone. */
export interface RenderContext {
  baseUrl: string;
  flavor: SimFlavor;
  version: ApiVersion;
  /** Zone the times are rendered in (the authenticated user's). */
  timeZone: string;
  expandProperties: boolean;
  /** Webhook payloads leave out e-mail addresses (docs/jira-api.md, "Webhooks"). */
  forWebhook?: boolean;
}

export function avatarUrls(baseUrl: string, user: SimUser): Record<string, string> {
  const url = (size: number): string => `${baseUrl}/_sim/avatar/${encodeURIComponent(user.accountId)}?s=${size}`;
  return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
}

// Rendered authors are shared between responses (they are only serialised, never changed): a worklog
// response renders two users, and building their URLs each time is most of the rendering work.
const renderedUsers = new WeakMap<SimUser, Map<string, Record<string, unknown>>>();

/** `UserDetails`: the author shape inside worklogs. */
export function renderUserDetails(user: SimUser, ctx: RenderContext): Record<string, unknown> {
  let byContext = renderedUsers.get(user);
  if (byContext === undefined) {
    byContext = new Map();
    renderedUsers.set(user, byContext);
  }
  const key = `${ctx.baseUrl}|${ctx.flavor}|${ctx.version}|${ctx.forWebhook === true}`;
  let rendered = byContext.get(key);
  if (rendered === undefined) {
    rendered = buildUserDetails(user, ctx);
    byContext.set(key, rendered);
  }
  return rendered;
}

function buildUserDetails(user: SimUser, ctx: RenderContext): Record<string, unknown> {
  const email = ctx.forWebhook === true ? {} : { emailAddress: user.email };
  if (ctx.flavor === 'datacenter') {
    return {
      self: `${ctx.baseUrl}/rest/api/2/user?username=${encodeURIComponent(user.name)}`,
      name: user.name,
      key: user.key,
      ...email,
      avatarUrls: avatarUrls(ctx.baseUrl, user),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
    };
  }
  return {
    self: `${ctx.baseUrl}/rest/api/${ctx.version}/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    ...email,
    avatarUrls: avatarUrls(ctx.baseUrl, user),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: 'atlassian',
  };
}

/** `User`: the shape of `myself`, user search and bulk lookup. */
export function renderUser(user: SimUser, ctx: RenderContext): Record<string, unknown> {
  return { ...renderUserDetails(user, ctx), locale: user.locale };
}

function renderComment(worklog: SimWorklog, ctx: RenderContext): unknown {
  const comment = worklog.comment;
  if (comment === undefined || (comment.text === '' && comment.adf === undefined)) return undefined;
  if (ctx.version === '2') return comment.text === '' ? undefined : comment.text;
  return comment.adf ?? textToAdf(comment.text);
}

/** `Worklog`, as Jira renders it for this caller. Absent optional fields are left out, not null. */
export function renderWorklog(worklog: SimWorklog, store: SimStore, ctx: RenderContext): Record<string, unknown> {
  const author = store.users.get(worklog.authorId);
  const updateAuthor = store.users.get(worklog.updateAuthorId);
  const out: Record<string, unknown> = {
    self: `${ctx.baseUrl}/rest/api/${ctx.version}/issue/${worklog.issueId}/worklog/${worklog.id}`,
  };
  if (author !== undefined) out.author = renderUserDetails(author, ctx);
  if (updateAuthor !== undefined) out.updateAuthor = renderUserDetails(updateAuthor, ctx);
  const comment = renderComment(worklog, ctx);
  if (comment !== undefined) out.comment = comment;
  out.created = formatJiraTime(worklog.createdMs, ctx.timeZone);
  out.updated = formatJiraTime(worklog.updatedMs, ctx.timeZone);
  if (worklog.visibility !== undefined) out.visibility = worklog.visibility;
  out.started = formatJiraTime(worklog.startedMs, ctx.timeZone);
  out.timeSpent = formatJiraDuration(worklog.timeSpentSeconds, store.site);
  out.timeSpentSeconds = worklog.timeSpentSeconds;
  out.id = String(worklog.id);
  out.issueId = worklog.issueId;
  if (ctx.expandProperties) out.properties = renderProperties(worklog);
  return out;
}

export function renderProperties(worklog: SimWorklog): { key: string; value: unknown }[] {
  return [...worklog.properties].map(([key, value]) => ({ key, value }));
}

/** True when `expand` (comma-separated) asks for properties. */
export function wantsProperties(expand: unknown): boolean {
  return typeof expand === 'string' && expand.split(',').some((part) => part.trim() === 'properties');
}
