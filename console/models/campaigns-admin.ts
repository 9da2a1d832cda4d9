import { type ReadonlySignal, signal } from "@preact/signals";
import type { CampaignInput, CampaignView } from "../../protocol/campaigns.js";
import type { ShopConfig } from "../../protocol/config.js";
import type { AdminSessionModel } from "./admin-session.js";
import type { WriteAnswer } from "./catalogue-admin.js";

export interface CampaignsAdminModel {
  /** the shop's campaigns, oldest first; null before the first load */
  campaigns: ReadonlySignal<CampaignView[] | null>;
  /** the member days, shown beside the campaigns as the recurring one they are */
  memberDays: ReadonlySignal<ShopConfig["memberDays"] | null>;
  /** the campaign a write is under way for ("" for a new one) */
  busy: ReadonlySignal<string | null>;
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  create(input: CampaignInput): Promise<WriteAnswer>;
  remove(id: string): Promise<WriteAnswer>;
}

/** The back office's campaigns: the shop API's /v1/campaigns as the session, read again after each write. */
export function createCampaignsAdmin(admin: AdminSessionModel): CampaignsAdminModel {
  const campaigns = signal<CampaignView[] | null>(null);
  const memberDays = signal<ShopConfig["memberDays"] | null>(null);
  const busy = signal<string | null>(null);
  const refusal = signal<string | null>(null);

  const load = async () => {
    const [list, config] = await Promise.all([
      admin.api<{ campaigns: CampaignView[] }>("/v1/campaigns"),
      admin.api<ShopConfig>("/v1/config"),
    ]);
    if (config.ok) memberDays.value = config.data.memberDays;
    if (list.ok) {
      campaigns.value = list.data.campaigns;
      refusal.value = null;
    } else refusal.value = list.code;
  };

  const write = async (key: string, path: string, method: "POST" | "DELETE", body?: unknown): Promise<WriteAnswer> => {
    busy.value = key;
    try {
      const answer = await admin.api<unknown>(path, body === undefined ? { method } : { method, body });
      if (!answer.ok) return { ok: false, code: answer.code, fields: answer.fields };
      await load();
      return { ok: true };
    } finally {
      busy.value = null;
    }
  };

  return {
    campaigns,
    memberDays,
    busy,
    refusal,
    load,
    create: (input) => write("", "/v1/campaigns", "POST", input),
    remove: (id) => write(id, `/v1/campaigns/${encodeURIComponent(id)}`, "DELETE"),
  };
}
