import type { Response } from 'express';
import type { ApiErrorReason } from '../../shared/core/error-reasons.ts';
import type { ApiError } from './api-types.ts';

/** Answers with the API's one error envelope (docs/controller-api.md). */
export function sendError(res: Response, status: number, reason: ApiErrorReason, message: string): void {
  const body: ApiError = { error: { reason, message } };
  res.status(status).json(body);
}
