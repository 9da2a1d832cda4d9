/** The server's only source of time, injected so tests can move hours in a moment. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
