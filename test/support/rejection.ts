import type { TractError } from '../../shared/core/tract-error.ts';

/** What `promise` rejected with; throws when it resolves. Adapters reject with TractErrors. */
export async function rejection(promise: Promise<unknown>): Promise<TractError> {
  try {
    await promise;
  } catch (error) {
    return error as TractError;
  }
  throw new Error('expected a rejection');
}
