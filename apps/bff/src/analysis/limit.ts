// Access analysis is the BFF's heaviest work (whole-cluster indexes, matrices); one person sending it
// in a loop must not slow everyone else, so each person has a few analyses in flight at most.
import type { Request, Response } from 'express';
import { requireSession } from '../api.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';

/** Analyses one person may have running at once (a browser opens at most 6 connections to one origin over HTTP/1.1, so one tab never meets it); past that 429 with Retry-After. */
export const analysesPerPerson = 8;
const retryAfterSeconds = 1;

const running = new WeakMap<BffContext, Map<string, number>>();

/** Runs `fn` in one of the signed-in person's analysis slots, or refuses with 429 when all are busy. */
export async function inAnalysisSlot<T>(
  ctx: BffContext,
  req: Request,
  res: Response,
  fn: () => Promise<T>,
): Promise<T> {
  const session = requireSession(req);
  let counts = running.get(ctx);
  if (!counts) running.set(ctx, (counts = new Map()));
  const key = `${session.authMode}\u0000${session.user.name}`;
  const now = counts.get(key) ?? 0;
  if (now >= analysesPerPerson) {
    res.setHeader('retry-after', String(retryAfterSeconds));
    throw new ApiError(
      429,
      `${analysesPerPerson} access analyses of yours are already running; try again in a moment`,
      'TooManyRequests',
    );
  }
  counts.set(key, now + 1);
  try {
    return await fn();
  } finally {
    const left = (counts.get(key) ?? 1) - 1;
    if (left > 0) counts.set(key, left);
    else counts.delete(key);
  }
}
