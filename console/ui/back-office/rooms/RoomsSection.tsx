import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { RoomState } from "../../../../protocol/wire.js";
import { fill } from "../../../i18n/index.js";
import type { RoomsAdminModel } from "../../../models/rooms-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, SelectField } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";
import { Panel } from "../../parts/Panel.js";
import { MapPlatformRoomForm, RoomPlatforms } from "./PlatformRooms.js";

/** A room's title edited in place; its id never changes. */
function RenameForm(props: { model: RoomsAdminModel; room: RoomState; onDone: () => void }) {
  const { model, room } = props;
  const { t, refusal } = useHost();
  const error = useSignal<string | null>(null);
  return (
    <form
      aria-label={t.rmRename}
      class="flex flex-col gap-2"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const answer = await model.rename(room.id, (formValues(event.currentTarget).title ?? "").trim());
        if (answer.ok) props.onDone();
        else error.value = answer.fields.length > 0 ? t.rmErrTitle : refusal(answer.code);
      }}
    >
      <Field label={t.rmTitle} name="title" maxLength={120} defaultValue={room.title} error={error.value} />
      <div class="flex flex-wrap gap-2">
        <Button type="submit" tone="accent" busy={model.busy.value === room.id}>
          {t.rmSave}
        </Button>
        <Button onClick={props.onDone}>{t.rmCancel}</Button>
      </div>
    </form>
  );
}

/**
 * Who may earn and claim in the room: everyone, or a tier and up (a fan-only live); saved on change.
 * The choice shows while it is saved (the select is controlled, so without it the row would jump
 * back to the room's old gate until the list reloads); a refusal puts the saved gate back.
 */
function GateField(props: { model: RoomsAdminModel; room: RoomState }) {
  const { model, room } = props;
  const { t, refusal, locale } = useHost();
  const error = useSignal<string | null>(null);
  const saving = useSignal<string | null>(null);
  return (
    <SelectField
      label={t.rmGate}
      hint={t.rmGateHint}
      name="minTier"
      value={saving.value ?? room.minTier ?? ""}
      disabled={model.busy.value === room.id}
      error={error.value}
      onChange={async (event) => {
        const chosen = event.currentTarget.value;
        saving.value = chosen;
        try {
          const answer = await model.gate(room.id, chosen || null);
          error.value = answer.ok ? null : refusal(answer.code);
        } finally {
          saving.value = null;
        }
      }}
    >
      <option value="">{t.rmGateOpen}</option>
      {model.tiers.value.map((tier) => (
        <option key={tier.key} value={tier.key}>
          {fill(t.rmGateTier, { tier: tier.name[locale.value] })}
        </option>
      ))}
    </SelectField>
  );
}

function RoomRow(props: {
  model: RoomsAdminModel;
  room: RoomState;
  editing: boolean;
  onEdit: (open: boolean) => void;
}) {
  const { model, room } = props;
  const { t } = useHost();
  return (
    <li data-testid="room-row" class="flex flex-col gap-2 rounded-lg border border-white/10 bg-white/5 p-3">
      <div class="flex flex-wrap items-start justify-between gap-2">
        <div class="min-w-0 flex-1">
          <p class="text-sm font-semibold [overflow-wrap:anywhere]">{room.title}</p>
          <p class="text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">{fill(t.rmId, { id: room.id })}</p>
        </div>
        <span
          class={`shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold ${room.live ? "bg-rose-500/25 text-rose-100" : "bg-white/10 text-[var(--host-muted)]"}`}
        >
          {room.live ? t.rmLive : t.rmOffAir}
        </span>
      </div>
      <GateField model={model} room={room} />
      <RoomPlatforms model={model} roomId={room.id} />
      {props.editing ? (
        <RenameForm model={model} room={room} onDone={() => props.onEdit(false)} />
      ) : (
        <div>
          <Button onClick={() => props.onEdit(true)}>{t.rmRename}</Button>
        </div>
      )}
    </li>
  );
}

function NewRoomForm(props: { model: RoomsAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const errors = useSignal<{ id?: string; title?: string; whole?: string }>({});
  return (
    <form
      aria-label={t.rmAdd}
      class="grid grid-cols-1 gap-3 sm:grid-cols-2"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const values = formValues(form);
        const id = (values.id ?? "").trim();
        const answer = await model.create({ ...(id ? { id } : {}), title: (values.title ?? "").trim() });
        if (answer.ok) {
          errors.value = {};
          form.reset();
          return;
        }
        const paths = answer.fields.map((f) => f.path);
        errors.value =
          paths.length === 0
            ? answer.code === "room_exists"
              ? { id: refusal(answer.code) }
              : { whole: refusal(answer.code) }
            : {
                ...(paths.includes("id") ? { id: t.rmErrId } : {}),
                ...(paths.includes("title") ? { title: t.rmErrTitle } : {}),
              };
      }}
    >
      <Field label={t.rmTitle} name="title" maxLength={120} error={errors.value.title} />
      <Field label={t.rmNewId} hint={t.rmNewIdHint} name="id" maxLength={64} error={errors.value.id} />
      {errors.value.whole && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-2">
          {errors.value.whole}
        </p>
      )}
      <div class="sm:col-span-2">
        <Button type="submit" tone="accent" busy={model.busy.value === ""}>
          {t.rmCreate}
        </Button>
      </div>
    </form>
  );
}

/**
 * The Rooms section: the shop's live rooms, renamed here, each with the platform rooms where the
 * browser extension shows it; a room shown on a platform, and a new room made.
 */
export function RoomsSection(props: { model: RoomsAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const editing = useSignal<string | null>(null);
  useEffect(() => void model.load(), [model]);
  const rooms = model.rooms.value;
  return (
    <Panel title={t.roomsTitle} class="h-fit w-full max-w-6xl">
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      {rooms?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.rmEmpty}</p>}
      <ul aria-label={t.roomsTitle} class="grid gap-3 lg:grid-cols-2">
        {rooms?.map((room) => (
          <RoomRow
            key={room.id}
            model={model}
            room={room}
            editing={editing.value === room.id}
            onEdit={(open) => (editing.value = open ? room.id : null)}
          />
        ))}
      </ul>
      <section class="flex flex-col gap-2 rounded-lg border border-white/10 p-3">
        <h3 class="text-sm font-semibold">{t.rmPlatformsTitle}</h3>
        <p class="text-xs text-[var(--host-muted)]">{t.rmPlatformsHint}</p>
        <MapPlatformRoomForm model={model} />
      </section>
      <details class="rounded-lg border border-white/10 p-3">
        <summary class="cursor-pointer text-sm font-semibold">{t.rmAdd}</summary>
        <div class="pt-3">
          <NewRoomForm model={model} />
        </div>
      </details>
    </Panel>
  );
}
