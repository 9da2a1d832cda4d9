import { computed, signal } from "@preact/signals";
import { h, render } from "preact";
import type { HostSdk } from "../client/agora-sdk.js";
import { rtcGrant } from "../client/rtc-grant.js";
import { socketTransport } from "../client/socket.js";
import type { Transport } from "../client/transport.js";
import { type HostLocale, startLocale } from "./i18n/index.js";
import { createAdminSession } from "./models/admin-session.js";
import { createBroadcast } from "./models/broadcast.js";
import { createHostConsole } from "./models/console.js";
import { roomlessTransport } from "./models/roomless.js";
import styles from "./styles.css?inline";
import { App } from "./ui/App.js";
import { HostContext } from "./ui/context.js";

export type { LinkState, Transport } from "../client/transport.js";
export type { HostLocale } from "./i18n/index.js";

export interface MountHostOptions {
  /** the live room; the back office opened without a host token needs none */
  room?: string;
  /** a host token signed by the shop (role "host"); without one the console says it needs one */
  token?: string | null;
  /** the Encore server's origin; defaults to the page's */
  server?: string;
  locale?: HostLocale;
  /** replaces the socket link, e.g. with a fake in tests or a recorded session */
  transport?: Transport;
  /** loads Agora's SDK; by default a native import of /widget/agora-rtc-sdk-ng.js from the server */
  loadAgora?: () => Promise<HostSdk>;
  /**
   * open as the back office (the /admin page): its tab, signed in by the session cookie the
   * sign-in link set; `error` is why the link brought the page here without one
   */
  backOffice?: { error?: string | null };
}

/**
 * Renders the host console into a shadow root inside `element`. Returns `unmount`, which closes
 * the connection, stops every timer and removes what it added; mounting again starts afresh.
 */
export function mountHost(element: HTMLElement, options: MountHostOptions): () => void {
  const token = options.token || undefined;
  const room = options.room ?? "";
  const server = options.server ?? location.origin;
  // the back office without a host token has no room to join: no socket is opened for nothing
  const transport =
    options.transport ??
    (options.backOffice && !token
      ? roomlessTransport()
      : socketTransport(server, { room, ...(token ? { token } : {}) }));
  const model = createHostConsole(transport, { hasToken: Boolean(token), server });
  // The SDK (~470 KB gzip) is imported only when the host turns the camera on, never with host.js.
  const broadcast = createBroadcast({
    loadSdk:
      options.loadAgora ??
      (async () => (await import(/* @vite-ignore */ `${server}/widget/agora-rtc-sdk-ng.js`)).default as HostSdk),
    getToken: rtcGrant(server, room, token ?? null),
    live: computed(() => model.room.value?.live ?? false),
  });
  const locale = signal<HostLocale>(options.locale ?? startLocale());
  const admin = options.backOffice
    ? createAdminSession({ server, arrivedWith: options.backOffice.error ?? null })
    : undefined;
  void admin?.load();

  const shell = document.createElement("div");
  shell.setAttribute("data-encore-host", "");
  shell.style.height = "100%";
  const shadow = shell.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = styles;
  const root = document.createElement("div");
  root.style.height = "100%";
  shadow.append(style, root);
  element.append(shell);
  render(
    h(HostContext.Provider, { value: { model, locale, broadcast, ...(admin ? { admin } : {}) } }, h(App, {})),
    root,
  );

  let mounted = true;
  return () => {
    if (!mounted) return;
    mounted = false;
    render(null, root);
    void broadcast.dispose();
    model.dispose();
    transport.close();
    shell.remove();
  };
}
