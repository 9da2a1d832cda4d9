/**
 * Clicks on one product within the window that make a viewer high intent for it. Shared: the
 * segment rule counts them, and the store keeps each pair's click of this rank (intent_pairs), so
 * changing it means rebuilding that table (migration 0033's backfill).
 */
export const HIGH_INTENT_CLICKS = 3;
