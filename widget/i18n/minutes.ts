/** a block of watching in minutes: 600 → "10", 90 → "1.5" (its own module, so one language's words never pull in another's) */
export const minutes = (seconds: number): string => String(Math.round(seconds / 6) / 10);
