import { socketTransport } from "../../client/socket.js";
import type { Transport } from "../../client/transport.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { effect, type ReadonlySignal, signal } from "../../widget/core/signals.js";
import { createModels, type Models } from "../../widget/models/index.js";
import { type Session, SIGN_IN_AGAIN } from "../session.js";

export interface PopupState {
  /** the signed-in viewer's models, joined to the session's room; null when signed out */
  models: Models | null;
  /** the last sign-in ended because the server refused its token: say so, and ask again */
  ended: boolean;
}

export interface PopupSessionInputs {
  server: string;
  token: { read(): Promise<string | null>; onChange(listener: (token: string | null) => void): () => void };
  session: () => Promise<Session | null>;
  signOut(): Promise<void>;
  /** opens the shop's sign-in page (a guest's "log in" from any of the widget's parts, too) */
  openSignIn(): void;
}

/**
 * The popup's one model: the widget's own models (wallet, tier, coupons, inbox) over the widget's
 * socket client, joined as the signed-in viewer to the room the shop's sign-in named, with no
 * watch beats (nothing is watched in a popup). A token the server refuses as it refuses the
 * widget's (expired, forged, another shop's) signs the viewer out, and the popup asks again.
 */
export function popupSession(inputs: PopupSessionInputs): { state: ReadonlySignal<PopupState>; dispose(): void } {
  const state = signal<PopupState>({ models: null, ended: false });
  let stopRefusal = () => {};
  let transport: Transport | null = null;
  let generation = 0;

  const close = () => {
    stopRefusal();
    stopRefusal = () => {};
    state.peek().models?.dispose();
    transport?.close();
    transport = null;
  };

  const follow = async (token: string | null) => {
    const mine = ++generation;
    const session = token ? await inputs.session() : null;
    if (mine !== generation) return;
    close();
    if (!token || !session) {
      state.value = { models: null, ended: state.peek().ended };
      return;
    }
    const link = socketTransport(inputs.server, { room: session.room, token });
    transport = link;
    const emitter = createEmitter();
    emitter.on("login-request", () => inputs.openSignIn());
    const models = createModels({
      transport: link,
      playing: signal(false),
      visible: signal(false),
      emitter,
      server: inputs.server,
      beats: false,
    });
    state.value = { models, ended: false };
    stopRefusal = effect(() => {
      const code = models.connection.error.value;
      if (code && SIGN_IN_AGAIN.includes(code)) {
        state.value = { models: state.peek().models, ended: true };
        void inputs.signOut();
      }
    });
  };

  const stopToken = inputs.token.onChange((token) => void follow(token));
  void inputs.token.read().then(follow);
  return {
    state,
    dispose() {
      generation++;
      stopToken();
      close();
    },
  };
}
