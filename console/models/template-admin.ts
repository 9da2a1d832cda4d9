import { type ReadonlySignal, signal } from "@preact/signals";
import type { CouponTemplate, CouponTemplatePatch, TemplateCounts } from "../../protocol/coupons.js";
import type { FieldError } from "../../protocol/http.js";
import type { AdminSessionModel } from "./admin-session.js";

/** What an edit came back with: saved, or refused with the fields the server named (empty: the whole edit). */
export type EditAnswer = { ok: true } | { ok: false; code: string; fields: FieldError[] };

export interface TemplateAdminModel {
  /** every template, paused ones too, with their counts; null before the first load */
  templates: ReadonlySignal<TemplateCounts[] | null>;
  /** the template an action is under way for */
  busy: ReadonlySignal<string | null>;
  /** the refusal of the last load, pause, resume or clone, by its code */
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  edit(id: string, patch: CouponTemplatePatch): Promise<EditAnswer>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** answers the copy's id */
  clone(id: string): Promise<string | null>;
}

const base = "/v1/coupon-templates";

/** The back office's coupon templates: read with their counts, edited, paused, resumed and cloned. */
export function createTemplateAdmin(admin: AdminSessionModel): TemplateAdminModel {
  const templates = signal<TemplateCounts[] | null>(null);
  const busy = signal<string | null>(null);
  const refusal = signal<string | null>(null);

  const load = async () => {
    const answer = await admin.api<{ templates: TemplateCounts[] }>(`${base}/counts`);
    if (answer.ok) {
      templates.value = answer.data.templates;
      refusal.value = null;
    } else refusal.value = answer.code;
  };

  /** One write on a template, then the list again: the counts move with it. */
  const act = async <T>(id: string, path: string, init: { method: "POST" | "PATCH"; body?: unknown }) => {
    busy.value = id;
    refusal.value = null;
    try {
      const answer = await admin.api<T>(`${base}/${encodeURIComponent(id)}${path}`, init);
      if (answer.ok) await load();
      return answer;
    } finally {
      busy.value = null;
    }
  };
  const toggle = async (id: string, action: "pause" | "resume") => {
    const answer = await act<CouponTemplate>(id, `/${action}`, { method: "POST" });
    if (!answer.ok) refusal.value = answer.code;
  };

  return {
    templates,
    busy,
    refusal,
    load,
    async edit(id, patch) {
      const answer = await act<CouponTemplate>(id, "", { method: "PATCH", body: patch });
      return answer.ok ? { ok: true } : { ok: false, code: answer.code, fields: answer.fields };
    },
    pause: (id) => toggle(id, "pause"),
    resume: (id) => toggle(id, "resume"),
    async clone(id) {
      const answer = await act<CouponTemplate>(id, "/clone", { method: "POST" });
      if (answer.ok) return answer.data.id;
      refusal.value = answer.code;
      return null;
    },
  };
}
