/** How long back-office sign-ins and sessions last. */
export interface SessionPolicy {
  /** a printed sign-in link is good for this long, once */
  linkMs: number;
  /** a session ends after this long without a request */
  idleMs: number;
  /** and after this long whatever happens */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  linkMs: 10 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
};

export type SessionState = "active" | "ended" | "idle_expired" | "expired";

/** Whether a session may still be used at `now`, and if not, why not. */
export function sessionState(
  session: { lastSeenAt: number; expiresAt: number; endedAt: number | null },
  now: number,
  policy: SessionPolicy,
): SessionState {
  if (session.endedAt !== null) return "ended";
  if (now >= session.expiresAt) return "expired";
  if (now >= session.lastSeenAt + policy.idleMs) return "idle_expired";
  return "active";
}

/** When the session ends if nothing more happens: the idle end, or the absolute end if sooner. */
export const idleEnd = (session: { lastSeenAt: number; expiresAt: number }, policy: SessionPolicy) =>
  Math.min(session.lastSeenAt + policy.idleMs, session.expiresAt);
