import { HOUR_MS } from "../shared/time.js";

/**
 * How far a time zone's clocks are ahead of UTC at an instant, from the platform's time zone
 * data, and the two conversions everything local is built on: an instant to its local time
 * ("local ms": the wall clock read as if it were UTC) and back. Days and months are added to
 * local ms with UTC's calendar, which has no DST, so all zone arithmetic is plain numbers.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The offset at one instant, read from the formatted wall clock. */
function formattedOffset(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
    ((at % 1000) + 1000) % 1000,
  );
  return local - at;
}

/*
 * A sweep asks for the local time of millions of instants, and formatToParts costs microseconds
 * each: it dominated a sweep's rules. A zone's offset only changes at its transitions, never two
 * within an hour, so an offset read at both ends of an hour and found equal holds for every
 * instant inside it. Hours with a transition in them are read instant by instant.
 */
const MIXED = Number.NaN;
const MAX_CACHED = 100_000;
const offsets = new Map<string, Map<number, number>>();
let cached = 0;
/** the zone asked last and its hours: a sweep asks for one zone millions of times in a row */
let lastZone = "";
let lastHours = new Map<number, number>();

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
export function offsetAt(at: number, timeZone: string): number {
  const hour = Math.floor(at / HOUR_MS);
  let zone = timeZone === lastZone ? lastHours : offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  lastZone = timeZone;
  lastHours = zone;
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = formattedOffset(hour * HOUR_MS, timeZone);
    const end = formattedOffset((hour + 1) * HOUR_MS - 1, timeZone);
    offset = start === end ? start : MIXED;
    if (++cached > MAX_CACHED) {
      offsets.clear();
      cached = 0;
      offsets.set(timeZone, zone);
      zone.clear();
    }
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? formattedOffset(at, timeZone) : offset;
}

/** The wall clock an instant shows in a zone, as ms read as if it were UTC. */
export function localMs(at: number, timeZone: string): number {
  return at + offsetAt(at, timeZone);
}

/**
 * The instant a zone's clocks show a local time (in local ms). A time skipped by a DST jump
 * (02:30 on a spring morning in New York) moves forward by the jump; a time shown twice (01:30 on
 * the autumn night) is its first showing: the "compatible" choice of Temporal and of most
 * calendars.
 */
export function instantAtLocal(local: number, timeZone: string): number {
  const first = local - offsetAt(local, timeZone);
  const second = local - offsetAt(first, timeZone);
  if (first === second) return first;
  if (localMs(second, timeZone) === local) return second;
  if (localMs(first, timeZone) === local) return first;
  return Math.max(first, second);
}
