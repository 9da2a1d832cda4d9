import { h, render } from "preact";
import { log } from "../client/log.js";
import { socketTransport } from "../client/socket.js";
import type { Transport } from "../client/transport.js";
import { REFERRAL_PARAM } from "../protocol/limits.js";
import { anchorOver } from "./anchor.js";
import { createEmitter, type Emitter } from "./core/emitter.js";
import { openShadowRoot } from "./core/shadow-host.js";
import { effect, signal } from "./core/signals.js";
import { bundled } from "./i18n/bundled.js";
import { LOCALES, type Locale, pickLocale, type ScreenMessages } from "./i18n/index.js";
import { createPanels } from "./lazy/panels.js";
import type { LoadMessages, LoadPanel } from "./lazy/types.js";
import { createModels, type Models } from "./models/index.js";
import { WidgetRoot } from "./ui/context.js";
import { Overlay } from "./ui/Overlay.js";
import css from "./ui/styles.css?inline";
import { agoraVideo, type LoadAgora } from "./video/agora-shell.js";
import { resolveVideo } from "./video/index.js";

export interface MountOptions {
  room: string;
  /** the viewer's signed JWT; absent for a guest */
  token?: string | null;
  /** the Encore server's origin; defaults to where the script came from, else the page */
  server?: string;
  /** "zh-CN" or "en"; defaults to the browser's language */
  locale?: string | null;
  /** a `<video>` (or a selector for one) to anchor over and to read playing from; "none" counts as always playing; "agora" plays the room's live video in the overlay */
  video?: string | HTMLVideoElement | null;
  /** how this build loads the Agora player (set by the entry: a URL import or a lazy chunk) */
  loadAgora?: LoadAgora;
  /** how this build loads the panels beyond the first screen (set by the entry, like loadAgora) */
  loadPanel?: LoadPanel;
  /** how this build fetches the words of a language it does not carry (the script tag: one language per bundle) */
  loadMessages?: LoadMessages;
  /** an element to render into (its shadow root); default: a new element over the video or viewport */
  target?: HTMLElement;
  /** page events (coupon, login-request, …); Encore.on uses the same emitter */
  emitter?: Emitter;
  /** replaces the socket.io link, for tests */
  transport?: Transport;
}

export interface Mounted {
  unmount(): void;
  models: Models;
  shadowRoot: ShadowRoot;
  locale: Locale;
}

const HOST_TAG = "encore-overlay";

function visibility(doc: Document) {
  const visible = signal(doc.visibilityState !== "hidden");
  const update = () => {
    visible.value = doc.visibilityState !== "hidden";
  };
  doc.addEventListener("visibilitychange", update);
  return { visible, stop: () => doc.removeEventListener("visibilitychange", update) };
}

/**
 * Renders the overlay into a shadow root and connects it. Everything it starts (socket, timers,
 * listeners, nodes) is stopped by the returned unmount(), so mounting again starts clean.
 */
export function mountOverlay(options: MountOptions): Mounted {
  const doc = options.target?.ownerDocument ?? document;
  const locale = pickLocale(options.locale, doc.defaultView?.navigator.languages ?? []);
  const server = options.server ?? doc.defaultView?.location.origin ?? "";
  const load = options.loadAgora;
  const video = resolveVideo(
    options.video,
    doc,
    load ? () => agoraVideo(load, { server, room: options.room, token: options.token ?? null, locale }) : undefined,
  );
  const ownsHost = !options.target;
  const host = options.target ?? doc.createElement(HOST_TAG);
  const stopAnchor = ownsHost ? anchorOver(host, video.element) : () => {};
  if (ownsHost) doc.body.append(host);

  const transport =
    options.transport ??
    socketTransport(server, {
      room: options.room,
      ...(options.token ? { token: options.token } : {}),
      // an invite link's code (docs/embedding.md#invite-links), sent at join: the server attaches a
      // new viewer to their inviter once; none is null, which the server reads as none
      ref: new URLSearchParams(doc.defaultView?.location.search).get(REFERRAL_PARAM),
    });
  const page = visibility(doc);
  const emitter = options.emitter ?? createEmitter();
  const models = createModels({ transport, playing: video.playing, visible: page.visible, emitter, server });

  const { shadowRoot, root, remove } = openShadowRoot(host, css);
  const panels = createPanels(options.loadPanel, shadowRoot);
  let mounted = true;
  // a deal's banner is on screen the instant the host calls it: in a live room its panel comes in
  // idle time after the first screen, not with the first deal, when every viewer would fetch it at once
  const stopPrefetch = effect(() => {
    if (models.connection.room.value?.live) panels.prefetch("deal");
  });
  const show = (m: ScreenMessages, shown: Locale) => {
    if (!mounted) return;
    try {
      render(h(WidgetRoot, { value: { models, m, locale: shown, video, panels } }, h(Overlay, {})), root);
    } catch (error) {
      log.error("could not render the overlay", error);
    }
  };
  // the overlay appears once its words are here: never a flash of another language or of raw keys
  const words = bundled[locale];
  const fallback = LOCALES.find((l) => bundled[l]) ?? locale;
  if (words) show(words, locale);
  else if (options.loadMessages)
    options.loadMessages(locale).then(
      (m) => show(m, locale),
      (error) => {
        log.warn(`could not load the ${locale} words; showing ${fallback}`, error);
        show(bundled[fallback] as ScreenMessages, fallback);
      },
    );
  else show(bundled[fallback] as ScreenMessages, fallback);

  return {
    models,
    shadowRoot,
    locale,
    unmount() {
      if (!mounted) return;
      mounted = false;
      render(null, root);
      stopPrefetch();
      panels.dispose();
      models.dispose();
      transport.close();
      page.stop();
      video.destroy();
      stopAnchor();
      remove();
      if (ownsHost) host.remove();
    },
  };
}
