import type { FastifyInstance } from "fastify";
import { ReferralBody, ReferralView } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { attachReferral } from "../services/referrals.js";
import { type Resolvers, route } from "./route.js";

/**
 * A shop whose new viewers sign up on its own site (not in the widget) attaches them to the
 * invite they came with here; the widget does the same at join from the page's encore_ref.
 */
export function registerReferralRoutes(app: FastifyInstance, ctx: Context, resolveShop: Resolvers): void {
  route(app, resolveShop, {
    method: "POST",
    url: "/v1/referrals",
    operationId: "attachReferral",
    summary:
      "Attach a new viewer to the inviter whose code they came with; the same code again answers the first result. Refused: referrals_off, referral_unknown, referral_other_shop, referral_self, referral_not_new (activity in the shop or invited before), referral_cap (the inviter's monthly cap), viewer_not_found",
    tags: ["viewers"],
    auth: "shop",
    body: ReferralBody,
    response: ReferralView,
    handler: async ({ shop, body }) => attachReferral(ctx, shop, body.viewerId, body.code),
  });
}
