import { type ReadonlySignal, signal } from "@preact/signals";
import type { CouponTemplate } from "../../protocol/coupons.js";
import type { FieldError } from "../../protocol/http.js";
import type { ViewerProfile, ViewerSearchPage, ViewerSearchRow } from "../../protocol/viewer-admin.js";
import type { ViewerEraseResponse, ViewerExport } from "../../protocol/viewer-data.js";
import type { AdminAnswer, AdminSessionModel } from "./admin-session.js";

/** A form's refusal: the code for the sentence, and the fields the server named, by field. */
export interface FormRefusal {
  code: string;
  fields: Record<string, string>;
}

export type ProfileState =
  | { kind: "none" }
  | { kind: "loading"; viewerId: string }
  | { kind: "loaded"; profile: ViewerProfile }
  | { kind: "failed"; viewerId: string; code: string };

export type AdjustKind = "points" | "growth";

export interface ViewersModel {
  query: ReadonlySignal<string>;
  results: ReadonlySignal<ViewerSearchRow[]>;
  /** more to read: the search has not walked every viewer yet */
  hasMore: ReadonlySignal<boolean>;
  searching: ReadonlySignal<boolean>;
  searchRefusal: ReadonlySignal<string | null>;
  profile: ReadonlySignal<ProfileState>;
  templates: ReadonlySignal<CouponTemplate[]>;
  /** the form or coupon being sent: "adjust", "grant" or a coupon's code */
  busy: ReadonlySignal<string | null>;
  adjustRefusal: ReadonlySignal<FormRefusal | null>;
  grantRefusal: ReadonlySignal<FormRefusal | null>;
  /** per coupon code */
  revokeRefusal: ReadonlySignal<{ code: string; refusal: FormRefusal } | null>;
  /** why exporting or erasing the open viewer was refused */
  dataRefusal: ReadonlySignal<string | null>;
  /** a sentence key for what just succeeded, for a status line */
  done: ReadonlySignal<"adjusted" | "granted" | "revoked" | "exported" | "erased" | null>;
  search(query: string): Promise<void>;
  more(): Promise<void>;
  open(viewerId: string): Promise<void>;
  close(): void;
  loadTemplates(): Promise<void>;
  adjust(kind: AdjustKind, delta: string, note: string): Promise<boolean>;
  grant(templateId: string, note: string): Promise<boolean>;
  revoke(code: string, reason: string): Promise<boolean>;
  /** everything held about the open viewer, as the server exports it; null when refused */
  exportData(): Promise<ViewerExport | null>;
  /** erases the open viewer: the profile closes and the list is searched again */
  erase(): Promise<boolean>;
  /** reads the list and the open profile again: a change elsewhere (a tier's threshold) moved them */
  refresh(): Promise<void>;
}

const byField = (fields: FieldError[]): Record<string, string> =>
  Object.fromEntries(fields.map((f) => [f.path.replace(/^body\./, ""), f.message]));

const refusalOf = (answer: Extract<AdminAnswer<unknown>, { ok: false }>): FormRefusal => ({
  code: answer.code,
  fields: byField(answer.fields),
});

/** A key for one press of a button: sending it again after a lost answer changes nothing twice. */
const newKey = () => `bo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The back office's Viewers section: finding a viewer, their profile, and the changes a person
 * makes by hand. Every change goes through the server's routes; the profile is read again after
 * each so what shows is what the ledger holds.
 */
export function createViewersModel(admin: AdminSessionModel): ViewersModel {
  const query = signal("");
  const results = signal<ViewerSearchRow[]>([]);
  const cursor = signal<string | null>(null);
  const hasMore = signal(false);
  const searching = signal(false);
  const searchRefusal = signal<string | null>(null);
  const profile = signal<ProfileState>({ kind: "none" });
  const templates = signal<CouponTemplate[]>([]);
  const busy = signal<string | null>(null);
  const adjustRefusal = signal<FormRefusal | null>(null);
  const grantRefusal = signal<FormRefusal | null>(null);
  const revokeRefusal = signal<{ code: string; refusal: FormRefusal } | null>(null);
  const dataRefusal = signal<string | null>(null);
  const done = signal<"adjusted" | "granted" | "revoked" | "exported" | "erased" | null>(null);
  /** answers to an older query than the newest are dropped: typing outruns the network */
  let generation = 0;

  const page = async (q: string, from: string | null, append: boolean) => {
    const mine = ++generation;
    searching.value = true;
    const params = new URLSearchParams({ q });
    if (from) params.set("cursor", from);
    const answer = await admin.api<ViewerSearchPage>(`/v1/viewers?${params}`);
    if (mine !== generation) return;
    searching.value = false;
    if (!answer.ok) {
      searchRefusal.value = answer.code;
      return;
    }
    searchRefusal.value = null;
    results.value = append ? [...results.peek(), ...answer.data.viewers] : answer.data.viewers;
    cursor.value = answer.data.nextCursor;
    hasMore.value = answer.data.nextCursor !== null;
  };

  const viewerId = () => {
    const current = profile.peek();
    return current.kind === "loaded" ? current.profile.viewer.viewerId : null;
  };

  const reload = async (id: string) => {
    const answer = await admin.api<ViewerProfile>(`/v1/viewers/${encodeURIComponent(id)}/profile`);
    profile.value = answer.ok
      ? { kind: "loaded", profile: answer.data }
      : { kind: "failed", viewerId: id, code: answer.code };
    // the list shows the same balance as the profile
    if (answer.ok) {
      const wallet = answer.data.viewer.wallet;
      results.value = results.peek().map((row) =>
        row.viewerId === id
          ? {
              ...row,
              points: wallet.points,
              growth: wallet.growth,
              tier: { key: wallet.tier.key, name: wallet.tier.name },
            }
          : row,
      );
    }
  };

  const send = async <T>(
    what: string,
    path: string,
    body: unknown,
    refusal: (r: FormRefusal | null) => void,
  ): Promise<AdminAnswer<T>> => {
    busy.value = what;
    done.value = null;
    refusal(null);
    try {
      const answer = await admin.api<T>(path, { method: "POST", body });
      if (!answer.ok) refusal(refusalOf(answer));
      return answer;
    } finally {
      busy.value = null;
    }
  };

  return {
    query,
    results,
    hasMore,
    searching,
    searchRefusal,
    profile,
    templates,
    busy,
    adjustRefusal,
    grantRefusal,
    revokeRefusal,
    dataRefusal,
    done,
    async search(text) {
      query.value = text;
      // "erased" speaks of the list as it was; a new search is a new list
      if (done.peek() === "erased") done.value = null;
      const q = text.trim();
      if (!q) {
        generation++;
        results.value = [];
        hasMore.value = false;
        searching.value = false;
        return;
      }
      await page(q, null, false);
    },
    async more() {
      const q = query.peek().trim();
      if (q && cursor.peek()) await page(q, cursor.peek(), true);
    },
    async open(id) {
      profile.value = { kind: "loading", viewerId: id };
      adjustRefusal.value = null;
      grantRefusal.value = null;
      revokeRefusal.value = null;
      dataRefusal.value = null;
      done.value = null;
      await reload(id);
    },
    close() {
      profile.value = { kind: "none" };
    },
    async loadTemplates() {
      const answer = await admin.api<{ templates: CouponTemplate[] }>("/v1/coupon-templates");
      if (answer.ok) templates.value = answer.data.templates;
    },
    async adjust(kind, delta, note) {
      const id = viewerId();
      if (!id) return false;
      // what was typed goes as typed: the server's validation names what is wrong with it
      const amount = Number(delta.trim());
      const answer = await send(
        "adjust",
        `/v1/viewers/${encodeURIComponent(id)}/${kind}`,
        { delta: delta.trim() === "" || !Number.isFinite(amount) ? delta : amount, note, idempotencyKey: newKey() },
        (r) => {
          adjustRefusal.value = r;
        },
      );
      if (!answer.ok) return false;
      await reload(id);
      done.value = "adjusted";
      return true;
    },
    async grant(templateId, note) {
      const id = viewerId();
      if (!id) return false;
      const answer = await send(
        "grant",
        `/v1/viewers/${encodeURIComponent(id)}/coupons`,
        { templateId, note, idempotencyKey: newKey() },
        (r) => {
          grantRefusal.value = r;
        },
      );
      if (!answer.ok) return false;
      await reload(id);
      done.value = "granted";
      return true;
    },
    async revoke(code, reason) {
      const id = viewerId();
      if (!id) return false;
      const answer = await send(code, `/v1/coupons/${encodeURIComponent(code)}/revoke`, { reason }, (r) => {
        revokeRefusal.value = r ? { code, refusal: r } : null;
      });
      if (!answer.ok) return false;
      await reload(id);
      done.value = "revoked";
      return true;
    },
    async exportData() {
      const id = viewerId();
      if (!id) return null;
      busy.value = "export";
      done.value = null;
      dataRefusal.value = null;
      try {
        const answer = await admin.api<ViewerExport>(`/v1/viewers/${encodeURIComponent(id)}/export`);
        if (!answer.ok) {
          dataRefusal.value = answer.code;
          return null;
        }
        done.value = "exported";
        return answer.data;
      } finally {
        busy.value = null;
      }
    },
    async erase() {
      const id = viewerId();
      if (!id) return false;
      busy.value = "erase";
      done.value = null;
      dataRefusal.value = null;
      try {
        const answer = await admin.api<ViewerEraseResponse>(`/v1/viewers/${encodeURIComponent(id)}`, {
          method: "DELETE",
        });
        if (!answer.ok) {
          dataRefusal.value = answer.code;
          return false;
        }
      } finally {
        busy.value = null;
      }
      profile.value = { kind: "none" };
      results.value = results.peek().filter((row) => row.viewerId !== id);
      // the list is read again, so it shows what the server now finds, not what it found before
      const q = query.peek().trim();
      if (q) await page(q, null, false);
      done.value = "erased";
      return true;
    },
    async refresh() {
      const q = query.peek().trim();
      const id = viewerId();
      await Promise.all([q ? page(q, null, false) : Promise.resolve(), id ? reload(id) : Promise.resolve()]);
    },
  };
}
