import type { TouchKind, TouchParams } from "../../../protocol/index.js";

/**
 * A touch an automation wants to send: the one shape every rule returns and the schedule stores.
 *
 * `key` says "once per what" and is stable across sweeps: the same facts give the same key, so a
 * unique index on (shop, viewer, key) makes each touch fire once however often, and on however
 * many nodes, the rules run. Rules return every touch they can foresee, due now or later; the
 * caller sends those with `dueAt <= now` (through the budget) and may store the rest.
 */
export interface Due {
  kind: TouchKind;
  viewerId: string;
  key: string;
  dueAt: number;
  /** past this instant the touch no longer makes sense (the coupon expired, the next step began); null: never */
  expiresAt: number | null;
  /** the coupon template to grant with the message, or null for a message alone */
  templateId: string | null;
  params: TouchParams;
}

/**
 * Which stored, unsent touches the rules still want. Rules are recomputed from fresh facts on
 * every sweep, so a touch they no longer yield lost its reason (the viewer came back, bought the
 * sku again, used the coupon) and is cancelled; a new key is added.
 */
export function reconcile(
  pending: readonly { key: string }[],
  fresh: readonly Due[],
): { add: Due[]; cancel: string[] } {
  const wanted = new Set(fresh.map((d) => d.key));
  const stored = new Set(pending.map((p) => p.key));
  return {
    add: fresh.filter((d) => !stored.has(d.key)),
    cancel: pending.filter((p) => !wanted.has(p.key)).map((p) => p.key),
  };
}
