import { useRef } from "preact/hooks";
import { isErrorCode } from "../../../protocol/errors.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { Panel } from "../parts/Panel.js";

/** The host's camera: preview before going live, published while live (Agora). */
export function CameraPanel() {
  const { broadcast, t, refusal } = useHost();
  const stage = useRef<HTMLDivElement>(null);
  if (!broadcast) return null;
  const state = broadcast.state.value;
  const error = broadcast.error.value;
  const words =
    state === "starting"
      ? t.cameraStarting
      : state === "preview"
        ? t.cameraPreview
        : state === "publishing"
          ? t.cameraPublishing
          : state === "error" && error
            ? isErrorCode(error)
              ? refusal(error)
              : fill(t.cameraFailed, { reason: error })
            : "";
  return (
    <Panel title={t.cameraPanel}>
      {/* no black 16:9 box while the camera is off: the room's numbers stay in view on a laptop */}
      <div
        ref={stage}
        data-testid="camera-preview"
        hidden={state === "off" || state === "error"}
        class="relative aspect-video w-full overflow-hidden rounded-lg bg-black"
        data-state={state}
      />
      {words && (
        <p role={state === "error" ? "alert" : "status"} class="text-sm text-[var(--host-muted)]">
          {words}
        </p>
      )}
      {(state === "off" || state === "error") && (
        <Button tone="accent" onClick={() => stage.current && void broadcast.preview(stage.current)}>
          {t.cameraOn}
        </Button>
      )}
    </Panel>
  );
}
