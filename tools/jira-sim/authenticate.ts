import { timingSafeEqual } from 'node:crypto';
import type { SimStore } from './sim-store.ts';
import type { SimFlavor, SimUser } from './sim-types.ts';

function sameSecret(given: string, expected: string | undefined): boolean {
  if (expected === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function fromBasic(encoded: string, store: SimStore, flavor: SimFlavor): SimUser | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const login = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  // Cloud: email + API token. Data Center also allows username + password (the seeded apiToken stands in).
  const user = flavor === 'cloud' ? store.userByEmail(login) : (store.userByName(login) ?? store.userByEmail(login));
  return user !== undefined && sameSecret(secret, user.apiToken) ? user : undefined;
}

function fromBearer(token: string, store: SimStore): SimUser | undefined {
  for (const user of store.users.values()) if (sameSecret(token, user.personalAccessToken)) return user;
  return undefined;
}

/**
 * The user an `Authorization` header proves, or undefined (missing, malformed, wrong secret, inactive user).
 * Cloud takes Basic `email:apiToken`; Data Center takes a Bearer personal access token (and Basic).
 */
export function authenticate(header: string | undefined, store: SimStore, flavor: SimFlavor): SimUser | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  let user: SimUser | undefined;
  if (scheme === 'basic') user = fromBasic(value, store, flavor);
  else if (scheme === 'bearer' && flavor === 'datacenter') user = fromBearer(value, store);
  return user?.active === true ? user : undefined;
}
