import { useSignal } from "@preact/signals";
import { BackOfficeTab } from "./back-office/BackOfficeTab.js";
import { useHost } from "./context.js";
import { Dashboard } from "./dashboard/Dashboard.js";
import { Header } from "./Header.js";
import { LiveView } from "./live/LiveView.js";

/** Why the console cannot be used, in words, instead of panels that would only be refused. */
function Gate() {
  const { model, t, refusal } = useHost();
  const access = model.access.value;
  const text =
    access.kind === "no_token"
      ? t.noToken
      : access.kind === "not_host"
        ? t.notHost
        : access.kind === "refused"
          ? `${t.refusedPrefix} ${refusal(access.code)}`
          : // a server that cannot be reached refused nothing: the transport keeps trying and the panels return
            access.kind === "unreachable"
            ? refusal("unreachable")
            : t.connecting;
  const problem = access.kind !== "connecting";
  return (
    <div class="flex flex-1 items-center justify-center p-8">
      <p
        role={problem ? "alert" : "status"}
        class={`max-w-lg rounded-xl border p-6 text-center text-base ${problem ? "border-rose-400/40 bg-rose-500/10 text-rose-100" : "border-white/10 text-[var(--host-muted)]"}`}
      >
        {text}
      </p>
    </div>
  );
}

/**
 * The link dropped while the console was in use: said across the full width under the header, so
 * it never squeezes the title or the buttons on a phone. The transport comes back by itself.
 */
function LinkBar() {
  const { model, t } = useHost();
  if (model.link.value.state === "online" || model.access.value.kind !== "ready") return null;
  return (
    <p role="status" class="border-b border-amber-300/30 bg-amber-400/10 px-5 py-1.5 text-xs text-amber-200">
      {t.reconnecting}
    </p>
  );
}

type View = "live" | "dashboard" | "backOffice";

/**
 * The console's views: live and dashboard for a host (the live view first, since that is where a
 * host starts), and the back office when the console was opened as one.
 */
function ViewTabs(props: { view: View; host: boolean; onChange: (view: View) => void }) {
  const { t, admin } = useHost();
  const tab = (view: View, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={props.view === view}
      onClick={() => props.onChange(view)}
      class={`rounded-md px-3 py-1 text-sm font-semibold ${props.view === view ? "bg-white/15 text-[var(--host-ink)]" : "text-[var(--host-muted)] hover:bg-white/5"}`}
    >
      {label}
    </button>
  );
  return (
    <div role="tablist" class="flex gap-1 border-b border-white/10 px-4 py-1.5">
      {props.host && tab("live", t.viewLive)}
      {props.host && tab("dashboard", t.viewDashboard)}
      {admin && tab("backOffice", t.viewBackOffice)}
    </div>
  );
}

export function App() {
  const { model, locale, admin } = useHost();
  // opened as the back office, it opens on it; a host's link still lands on the live view
  const view = useSignal<View>(admin ? "backOffice" : "live");
  const ready = model.access.value.kind === "ready";
  // the back office needs no room: without a host token it is the only view, and no gate stands before it
  const body =
    admin && (view.value === "backOffice" || !ready) ? (
      <BackOfficeTab />
    ) : !ready ? (
      <Gate />
    ) : view.value === "dashboard" ? (
      <Dashboard />
    ) : (
      <LiveView />
    );
  return (
    <div
      lang={locale.value}
      class="flex h-full min-h-[480px] flex-col bg-[var(--host-bg)] font-[family-name:var(--host-font)] text-[var(--host-ink)]"
    >
      <Header />
      <LinkBar />
      {(ready || admin) && (
        <ViewTabs
          view={admin && !ready ? "backOffice" : view.value}
          host={ready}
          onChange={(next) => (view.value = next)}
        />
      )}
      {body}
    </div>
  );
}
