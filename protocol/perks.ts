/**
 * Perks a machine acts on, as opposed to the words a viewer reads: the shop's fulfilment reads
 * them off each order (`order.credited`) and ships first, ships free, adds the sample, and so on.
 * Free of zod, like segments.ts, because the back office imports it at run time.
 */
export const PERK_FLAGS = [
  "priorityShipping",
  "freeShipping",
  "newProductTrials",
  "dedicatedService",
  "giftWrapping",
] as const;
export type PerkFlag = (typeof PERK_FLAGS)[number];
