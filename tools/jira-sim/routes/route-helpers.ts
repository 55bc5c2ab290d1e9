import type { Request, Response } from 'express';
import { badRequest } from '../jira-error.ts';
import type { RenderContext } from '../render.ts';
import { wantsProperties } from '../render.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion, SimUser } from '../sim-types.ts';

/** The authenticated user; the auth middleware guarantees one on every REST route. */
export function userOf(res: Response): SimUser {
  return res.locals.user as SimUser;
}

/** First value of a query parameter, as a string (repeated parameters keep the first). */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Every value of a query parameter, repeated (`a=1&a=2`) or comma-joined (`a=1,2`, as jira.js sends arrays). */
export function queryList(req: Request, name: string): string[] {
  const value = (req.query as Record<string, unknown>)[name];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : [])).filter((v) => v !== '');
}

/** An integer query parameter; `fallback` when absent; `onInvalid` decides the error when not an integer. */
export function queryInt(req: Request, name: string, fallback: number, onInvalid: () => Error = () => invalidNumber(name)): number {
  const text = queryString(req, name);
  if (text === undefined || text === '') return fallback;
  if (!/^-?\d+$/.test(text)) throw onInvalid();
  return Number(text);
}

function invalidNumber(name: string): Error {
  return badRequest([`The value '${name}' must be a number.`]);
}

export function renderContext(ctx: SimContext, req: Request, res: Response, version: ApiVersion): RenderContext {
  return {
    baseUrl: ctx.baseUrl,
    flavor: ctx.flavor,
    version,
    timeZone: userOf(res).timeZone,
    expandProperties: wantsProperties(queryString(req, 'expand')),
  };
}

/** Path parameter as a string (express 5 gives strings for named parameters). */
export function param(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
