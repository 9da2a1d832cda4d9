import type { InboxState, TouchView } from "../../protocol/index.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/*
 * The viewer's "for you" inbox: touches between lives as the widget reads them.
 * The touches table arrives with the lifecycle engine; until then every inbox is empty.
 */

export async function inboxState(_ctx: Context, _shop: Shop, _viewerId: string): Promise<InboxState> {
  return { unseen: 0, optedOut: false };
}

export async function listInbox(_ctx: Context, _shop: Shop, _viewerId: string): Promise<{ touches: TouchView[] }> {
  return { touches: [] };
}

export async function markInboxSeen(ctx: Context, shop: Shop, viewerId: string, _ids: string[]): Promise<InboxState> {
  return inboxState(ctx, shop, viewerId);
}

export async function setContactOptOut(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  _optOut: boolean,
): Promise<InboxState> {
  return inboxState(ctx, shop, viewerId);
}
