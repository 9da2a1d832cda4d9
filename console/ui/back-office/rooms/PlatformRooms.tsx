import { useSignal } from "@preact/signals";
import type { Platform } from "../../../../protocol/platforms.js";
import type { HostStrings } from "../../../i18n/index.js";
import { platformRoomKey, type RoomsAdminModel } from "../../../models/rooms-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, SelectField } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";

const WORD_OF: Record<Platform, keyof HostStrings> = {
  douyin: "plDouyin",
  taobao: "plTaobao",
  tiktok: "plTiktok",
  kuaishou: "plKuaishou",
  youtube: "plYoutube",
  twitch: "plTwitch",
  bilibili: "plBilibili",
};

/** The platforms, from their words rather than protocol/platforms.ts, which would bring zod into the bundle. */
const PLATFORM_NAMES = Object.keys(WORD_OF) as Platform[];

/** A platform's name as the person's language writes it. */
export const platformName = (t: HostStrings, platform: Platform) => t[WORD_OF[platform]] as string;

/** The platform rooms that show one room, each with Remove. */
export function RoomPlatforms(props: { model: RoomsAdminModel; roomId: string }) {
  const { model } = props;
  const { t } = useHost();
  const shown = (model.platformRooms.value ?? []).filter((mapping) => mapping.roomId === props.roomId);
  if (shown.length === 0) return <p class="text-xs text-[var(--host-muted)]">{t.rmNoPlatforms}</p>;
  return (
    <ul aria-label={t.rmShownOn} class="flex flex-wrap gap-2">
      {shown.map((mapping) => (
        <li
          key={platformRoomKey(mapping)}
          class="flex min-w-0 items-center gap-2 rounded-full border border-white/15 py-0.5 pr-1 pl-3 text-xs"
        >
          <span class="min-w-0 [overflow-wrap:anywhere]">
            {platformName(t, mapping.platform)} · {mapping.platformRoomId}
          </span>
          <Button
            class="!px-2 !py-0.5 !text-xs"
            busy={model.busy.value === platformRoomKey(mapping)}
            onClick={() => void model.unmap(mapping)}
          >
            {t.rmUnmap}
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** Shows one of the shop's rooms on a platform's live room, for fans with the extension. */
export function MapPlatformRoomForm(props: { model: RoomsAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const error = useSignal<{ field: "platformRoomId" | null; text: string } | null>(null);
  const saved = useSignal(false);
  const rooms = model.rooms.value ?? [];
  return (
    <form
      aria-label={t.rmMapTitle}
      class="grid grid-cols-1 gap-3 sm:grid-cols-3"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const values = formValues(form);
        saved.value = false;
        const answer = await model.map({
          platform: values.platform as Platform,
          platformRoomId: (values.platformRoomId ?? "").trim(),
          roomId: values.roomId ?? "",
        });
        if (answer.ok) {
          error.value = null;
          saved.value = true;
          form.reset();
        } else if (answer.fields.some((f) => f.path === "platformRoomId"))
          error.value = { field: "platformRoomId", text: t.rmErrPlatformRoom };
        else error.value = { field: null, text: refusal(answer.code) };
      }}
    >
      <SelectField label={t.rmPlatform} name="platform">
        {PLATFORM_NAMES.map((platform) => (
          <option key={platform} value={platform}>
            {platformName(t, platform)}
          </option>
        ))}
      </SelectField>
      <Field
        label={t.rmPlatformRoomId}
        hint={t.rmPlatformRoomHint}
        name="platformRoomId"
        maxLength={64}
        error={error.value?.field === "platformRoomId" ? error.value.text : null}
      />
      <SelectField label={t.rmMapRoom} name="roomId">
        {rooms.map((room) => (
          <option key={room.id} value={room.id}>
            {room.title}
          </option>
        ))}
      </SelectField>
      {error.value?.field === null && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-3">
          {error.value.text}
        </p>
      )}
      {saved.value && (
        <p role="status" class="text-sm text-emerald-200 sm:col-span-3">
          {t.rmMapped}
        </p>
      )}
      <div class="sm:col-span-3">
        <Button type="submit" tone="accent" busy={model.busy.value === ""}>
          {t.rmMap}
        </Button>
      </div>
    </form>
  );
}
