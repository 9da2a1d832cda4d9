import { z } from "zod";
import { Id } from "./tokens.js";

/**
 * What a shop's sign-in page sends the Encore browser extension once the viewer has logged in
 * (`chrome.runtime.sendMessage(extensionId, …)`, allowed by the extension's
 * `externally_connectable`): the viewer token its backend signed, the room the popup joins to show
 * the viewer's points, and the shop's URL that renews the token (POST, `Authorization: Bearer
 * <token>`, answering `ExtensionRenewal`), on the page's own origin.
 */
export const ExtensionSignIn = z
  .object({
    type: z.literal("encore:sign-in"),
    token: z.string().min(1).max(4096),
    room: Id,
    renew: z.url({ protocol: /^https?$/ }).max(2048),
  })
  .strict();
export type ExtensionSignIn = z.infer<typeof ExtensionSignIn>;

/** The extension's answer to a sign-in it accepted; one it ignores gets none. */
export interface ExtensionSignInAnswer {
  ok: true;
}

/** The shop's renewal endpoint's answer: a fresh token for the same viewer. */
export const ExtensionRenewal = z.object({ token: z.string().min(1).max(4096) });
export type ExtensionRenewal = z.infer<typeof ExtensionRenewal>;
