import type { HostClient, HostSdk, LocalTrack } from "../../../client/agora-sdk.js";
import { log } from "../../../client/log.js";
import type { AckCode } from "../../../client/transport.js";
import { PanelEvent, PanelPush } from "../../../protocol/events.js";
import type { StageEndReason, StageInvite } from "../../../protocol/stage.js";
import { signal } from "../../core/signals.js";
import type { Models } from "../../models/index.js";
import type { VideoAdapter } from "../../video/types.js";

/** Where the invited viewer is: asked, previewing camera and microphone, joining, on stage, or done. */
export type GuestPhase = "invited" | "preview" | "joining" | "on_stage" | "ended";
/** What went wrong, in words the stage panel has: a server code, or the device's or player's own. */
export type GuestProblem = AckCode | "noCamera" | "noVideo" | "failed";

/**
 * 连麦, the invited viewer's side, loaded with the greet panel (never in the first load). Accepting
 * opens camera and microphone through the video adapter's SDK for a preview; "go on stage" asks the
 * server for a publisher token (only an accepted guest gets one) and publishes into the room's
 * channel. When the host ends the spot the server says so (stage:spot), and a renewal would be
 * refused: either way publishing stops, the devices are let go, and the viewer is told why.
 */
export function createGuest(models: Models, video: VideoAdapter | null) {
  const { transport } = models.inbox;
  const phase = signal<GuestPhase | null>(null);
  const busy = signal(false);
  const problem = signal<GuestProblem | null>(null);
  const endedReason = signal<StageEndReason | null>(null);
  /** the camera is open: the preview can play */
  const previewing = signal(false);
  let spotId: string | null = null;
  let sdk: HostSdk | null = null;
  let tracks: LocalTrack[] = [];
  let client: HostClient<LocalTrack> | null = null;
  let previewElement: HTMLElement | null = null;

  const letGo = async () => {
    const current = client;
    client = null;
    for (const track of tracks.splice(0)) {
      track.stop();
      track.close();
    }
    previewing.value = false;
    if (current) {
      current.removeAllListeners();
      await current.unpublish().catch(() => {});
      await current.leave().catch(() => {});
    }
  };

  const end = (reason: StageEndReason | null, code: GuestProblem | null = null) => {
    void letGo();
    endedReason.value = reason;
    problem.value = code;
    busy.value = false;
    phase.value = "ended";
  };

  const refused = (code: AckCode) => {
    if (code === "stage_ended" || code === "stage_invite_expired") end(code === "stage_ended" ? "host" : "expired");
    else problem.value = code;
  };

  // the host ended the spot, or the invitation lapsed: the server tells this viewer's sockets
  const stopListening = transport.on(PanelPush.stageSpot, (spot) => {
    if (spot.spotId === spotId && spot.state === "ended" && phase.peek() !== "ended") end(spot.endedReason);
  });

  const renew = async () => {
    const result = await transport.call(PanelEvent.stageToken, {});
    if (!result.ok) refused(result.error.code);
    else await client?.renewToken(result.data.token);
  };

  const openDevices = async () => {
    const load = video?.player?.load;
    if (!load) {
      problem.value = "noVideo";
      return;
    }
    try {
      // the same SDK the player loads; its publishing half is typed apart (client/agora-sdk.ts)
      sdk = (await load()).sdk as unknown as HostSdk;
      tracks = await sdk.createMicrophoneAndCameraTracks();
      previewing.value = true;
      if (previewElement) tracks[1]?.play(previewElement);
    } catch (error) {
      log.warn("could not open the camera or microphone", error);
      problem.value = "noCamera";
    }
  };

  return {
    phase,
    busy,
    problem,
    endedReason,
    previewing,
    /** the invitation arrived (inside the host's greeting); the same one again changes nothing */
    invited(invite: StageInvite) {
      if (invite.spotId === spotId) return;
      void letGo();
      spotId = invite.spotId;
      problem.value = endedReason.value = null;
      phase.value = "invited";
    },
    /** the element the camera's preview (and, on stage, the viewer's own picture) plays into */
    attachPreview(element: HTMLElement | null) {
      if (!element || element === previewElement) return;
      previewElement = element;
      if (previewing.peek()) tracks[1]?.play(element);
    },
    async accept() {
      if (!spotId || busy.peek()) return;
      busy.value = true;
      problem.value = null;
      const result = await transport.call(PanelEvent.stageAnswer, { spotId, accept: true });
      if (!result.ok) refused(result.error.code);
      else {
        phase.value = "preview";
        await openDevices();
      }
      busy.value = false;
    },
    async decline() {
      if (!spotId) return;
      const id = spotId;
      end("declined");
      await transport.call(PanelEvent.stageAnswer, { spotId: id, accept: false });
    },
    async goLive() {
      if (!spotId || !sdk || busy.peek()) return;
      busy.value = true;
      problem.value = null;
      phase.value = "joining";
      const live = await transport.call(PanelEvent.stageLive, { spotId });
      const grant = live.ok ? await transport.call(PanelEvent.stageToken, {}) : live;
      if (!grant.ok) {
        phase.value = "preview";
        busy.value = false;
        refused(grant.error.code);
        return;
      }
      try {
        const next = sdk.createClient({ mode: "live", codec: "vp8" });
        client = next;
        // 30 s before the token runs out: renewed only while the spot lasts
        next.on("token-privilege-will-expire", () => {
          renew().catch(() => end("host"));
        });
        await next.setClientRole("host");
        await next.join(grant.data.appId, grant.data.channel, grant.data.token, grant.data.uid);
        await next.publish(tracks);
        if (client === next) phase.value = "on_stage";
      } catch (error) {
        log.warn("could not go on stage", error);
        await letGo();
        phase.value = "preview";
        problem.value = "failed";
        await openDevices();
      }
      busy.value = false;
    },
    async leave() {
      const id = spotId;
      end("guest");
      if (id) await transport.call(PanelEvent.stageLeave, { spotId: id });
    },
    /** the viewer read how it ended */
    close() {
      phase.value = null;
      if (models.chat.greeting.peek()?.invite) models.chat.greeting.value = null;
    },
    dispose() {
      stopListening();
      void letGo();
    },
  };
}
export type Guest = ReturnType<typeof createGuest>;

const guests = new WeakMap<Models, Guest>();
/** One guest model per mounted overlay, made the first time the greet panel needs it. */
export function guestOf(models: Models, video: VideoAdapter | null): Guest {
  let guest = guests.get(models);
  if (!guest) {
    guest = createGuest(models, video);
    guests.set(models, guest);
  }
  return guest;
}
