import { useSignal } from "@preact/signals";
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

type View = "live" | "dashboard";

/** The console's two views; the live view stays the default, since that is where a host starts. */
function ViewTabs(props: { view: View; onChange: (view: View) => void }) {
  const { t } = useHost();
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
      {tab("live", t.viewLive)}
      {tab("dashboard", t.viewDashboard)}
    </div>
  );
}

export function App() {
  const { model, locale } = useHost();
  const view = useSignal<View>("live");
  const ready = model.access.value.kind === "ready";
  return (
    <div
      lang={locale.value}
      class="flex h-full min-h-[480px] flex-col bg-[var(--host-bg)] font-[family-name:var(--host-font)] text-[var(--host-ink)]"
    >
      <Header />
      <LinkBar />
      {ready && <ViewTabs view={view.value} onChange={(next) => (view.value = next)} />}
      {!ready ? <Gate /> : view.value === "dashboard" ? <Dashboard /> : <LiveView />}
    </div>
  );
}
