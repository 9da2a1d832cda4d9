import type { FastifyInstance } from "fastify";
import {
  CampaignDeleted,
  CampaignInput,
  CampaignList,
  CampaignParams,
  CampaignPatch,
  CampaignView,
} from "../../protocol/index.js";
import { createCampaign, deleteCampaign, listCampaigns, updateCampaign } from "../services/campaigns.js";
import type { Context } from "../services/context.js";
import { type Resolvers, route } from "./route.js";

/** The shop's campaigns: stretches in its time zone that multiply order and watch points. */
export function registerCampaignRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/campaigns",
    summary: "The shop's campaigns, oldest first (member days stay in the config's memberDays)",
    tags: ["campaigns"],
    auth: "shop-or-session",
    response: CampaignList,
    handler: async ({ shop }) => ({ campaigns: await listCampaigns(ctx.store.db, shop.id) }),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/campaigns",
    summary:
      "Add a campaign (422 campaign_invalid: end before start or an unknown tier; 404 template_not_found; 409 campaign_overlap)",
    tags: ["campaigns"],
    auth: "shop-or-session",
    body: CampaignInput,
    response: CampaignView,
    handler: async ({ shop, body, source }) => createCampaign(ctx, shop, body, source),
  });

  route(app, resolvers, {
    method: "PATCH",
    url: "/v1/campaigns/:id",
    summary: "Change a campaign's fields (those left out keep their value), refused as a new one would be",
    tags: ["campaigns"],
    auth: "shop-or-session",
    params: CampaignParams,
    body: CampaignPatch,
    response: CampaignView,
    handler: async ({ shop, params, body, source }) => updateCampaign(ctx, shop, params.id, body, source),
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/campaigns/:id",
    summary: "Delete a campaign; points it already multiplied stay",
    tags: ["campaigns"],
    auth: "shop-or-session",
    params: CampaignParams,
    response: CampaignDeleted,
    handler: async ({ shop, params, source }) => {
      await deleteCampaign(ctx, shop, params.id, source);
      return { id: params.id, deleted: true as const };
    },
  });
}
