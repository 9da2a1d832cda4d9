import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import type { CouponTemplate, CouponTemplateInput } from "../../protocol/coupons.js";
import { HostEvent, HostPush } from "../../protocol/events.js";
import type { Requests } from "./requests.js";

export interface TemplatesModel {
  templates: ReadonlySignal<CouponTemplate[]>;
  createTemplate(input: CouponTemplateInput): Promise<CouponTemplate | null>;
  loadTemplates(): Promise<boolean>;
  dispose(): void;
}

/** The shop's coupon templates, newest first, with the counts of what each has issued. */
export function createTemplatesModel(transport: Pick<Transport, "on">, deps: { run: Requests["run"] }): TemplatesModel {
  const templates = signal<CouponTemplate[]>([]);
  // issued counts move with every coupon the shop issues, wherever it was issued
  const stop = effect(() =>
    listen(transport, { [HostPush.templates]: (update) => (templates.value = update.templates) }),
  );
  return {
    templates,
    async createTemplate(input) {
      const data = await deps.run("templateCreate", HostEvent.templateCreate, input);
      if (data) templates.value = [data, ...templates.value.filter((t) => t.id !== data.id)];
      return data;
    },
    async loadTemplates() {
      const data = await deps.run("templates", HostEvent.templates, {});
      if (data) templates.value = data.templates;
      return data !== null;
    },
    dispose: stop,
  };
}
