import { useMemo } from "preact/hooks";
import { fill } from "../../i18n/index.js";
import { createAuditLog } from "../../models/audit-log.js";
import { createCampaignsAdmin } from "../../models/campaigns-admin.js";
import { createCatalogueAdmin } from "../../models/catalogue-admin.js";
import { createModerationAdmin } from "../../models/moderation-admin.js";
import { createProgramModel } from "../../models/program.js";
import { createRoomsAdmin } from "../../models/rooms-admin.js";
import { createTemplateAdmin } from "../../models/template-admin.js";
import { createViewersModel } from "../../models/viewers.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { Panel } from "../parts/Panel.js";
import { AuditSection } from "./audit/AuditSection.js";
import { CampaignsSection } from "./campaigns/CampaignsSection.js";
import { CouponsSection } from "./coupons/CouponsSection.js";
import { ModerationSection } from "./moderation/ModerationSection.js";
import { ProductsSection } from "./products/ProductsSection.js";
import { ProgramSection } from "./program/ProgramSection.js";
import { RoomsSection } from "./rooms/RoomsSection.js";
import { SettingsSection } from "./settings/SettingsSection.js";
import { ViewersSection } from "./viewers/ViewersSection.js";
import { WebhooksSection } from "./webhooks/WebhooksSection.js";

const SIGN_IN_COMMAND = "encore-server admin-link --shop SHOP_ID";

/**
 * The back office's first tab: who is signed in, to which shop, and signing out. The program,
 * coupons, viewers and settings sections come after it.
 */
export function BackOfficeTab() {
  const { admin, t, refusal, locale } = useHost();
  const sections = useMemo(() => {
    if (!admin) return null;
    const viewers = createViewersModel(admin);
    return {
      viewers,
      // viewers' tiers follow a saved threshold: the open profile is read again
      program: createProgramModel(admin, { onSaved: () => void viewers.refresh() }),
      coupons: createTemplateAdmin(admin),
      campaigns: createCampaignsAdmin(admin),
      moderation: createModerationAdmin({ admin }),
      products: createCatalogueAdmin(admin),
      rooms: createRoomsAdmin(admin),
      audit: createAuditLog(admin),
    };
  }, [admin]);
  if (!admin || !sections) return null;
  const state = admin.state.value;
  const time = (at: number) =>
    new Intl.DateTimeFormat(locale.value, { hour: "2-digit", minute: "2-digit" }).format(new Date(at));

  return (
    <div class="flex flex-1 flex-col items-center gap-4 overflow-y-auto p-4 sm:p-6">
      <Panel title={t.sessionPanel} class="h-fit w-full max-w-6xl">
        {state.kind === "loading" && (
          <p role="status" class="text-sm text-[var(--host-muted)]">
            {t.backOfficeLoading}
          </p>
        )}
        {state.kind === "signed_out" && (
          <div data-testid="back-office-signed-out" class="flex flex-col gap-2">
            <p role={state.code ? "alert" : "status"} class="text-base font-semibold">
              {state.code ? refusal(state.code) : t.signedOut}
            </p>
            <p class="text-sm text-[var(--host-muted)]">{t.signInHow}</p>
            {/* a command, the same in every language: one line, scrolled rather than broken */}
            <code class="block overflow-x-auto whitespace-nowrap rounded-md bg-black/30 px-3 py-2 font-mono text-xs">
              {SIGN_IN_COMMAND}
            </code>
          </div>
        )}
        {state.kind === "signed_in" && (
          <div data-testid="back-office-signed-in" class="flex flex-col gap-3">
            <p class="text-base [overflow-wrap:anywhere]">
              {fill(state.session.session.name ? t.signedInAs : t.signedInByLink, {
                shop: state.session.shop.name,
                name: state.session.session.name ?? "",
              })}
            </p>
            <p class="text-sm text-[var(--host-muted)]">
              {fill(t.sessionEnds, {
                idle: time(state.session.session.idleExpiresAt),
                end: time(state.session.session.expiresAt),
              })}
            </p>
            {admin.refusal.value && (
              <p role="alert" class="text-sm text-rose-200">
                {refusal(admin.refusal.value)}
              </p>
            )}
            <div>
              <Button busy={admin.busy.value} onClick={() => void admin.signOut()}>
                {t.signOut}
              </Button>
            </div>
          </div>
        )}
      </Panel>
      {state.kind === "signed_in" && <ProgramSection model={sections.program} templates={sections.coupons} />}
      {state.kind === "signed_in" && <CampaignsSection model={sections.campaigns} />}
      {state.kind === "signed_in" && <ViewersSection model={sections.viewers} />}
      {state.kind === "signed_in" && <CouponsSection model={sections.coupons} />}
      {state.kind === "signed_in" && <ModerationSection model={sections.moderation} />}
      {state.kind === "signed_in" && <ProductsSection model={sections.products} />}
      {state.kind === "signed_in" && <RoomsSection model={sections.rooms} />}
      {state.kind === "signed_in" && <SettingsSection admin={admin} />}
      {state.kind === "signed_in" && <WebhooksSection admin={admin} />}
      {state.kind === "signed_in" && <AuditSection model={sections.audit} />}
    </div>
  );
}
