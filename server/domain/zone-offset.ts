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
 *
 * The hours are kept in blocks of typed arrays, indexed by the hour itself: even a Map lookup per
 * call was seconds of a sweep's rules at a million members, and an array read is a few
 * nanoseconds. A block covers about half a year and is made when first asked for; a sweep asks
 * for a few years of one zone, so a few blocks. Instants outside the years covered are read from
 * the formatter every time.
 */
const HOURS_PER_BLOCK = 4096;
/** the first hour covered: 1900-01-01 UTC */
const FIRST_HOUR = Math.floor(Date.UTC(1900, 0, 1) / HOUR_MS);
/** hours covered: 1900 to 2200 */
const COVERED_HOURS = Math.floor(Date.UTC(2200, 0, 1) / HOUR_MS) - FIRST_HOUR;
/** not read yet */
const UNKNOWN = Number.NaN;
/** an hour with a transition in it: read instant by instant */
const MIXED = Number.POSITIVE_INFINITY;
/** the blocks kept in all, across zones (32 KB each): past it, every zone starts over */
const MAX_BLOCKS = 1024;
const zones = new Map<string, (Float64Array | undefined)[]>();
let blocks = 0;
/** the zone asked last and its blocks: a sweep asks for one zone millions of times in a row */
let lastZone = "";
let lastBlocks: (Float64Array | undefined)[] = [];

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
export function offsetAt(at: number, timeZone: string): number {
  const hour = Math.floor(at / HOUR_MS) - FIRST_HOUR;
  if (!(hour >= 0 && hour < COVERED_HOURS)) return formattedOffset(at, timeZone);
  if (timeZone !== lastZone) {
    let known = zones.get(timeZone);
    if (!known) {
      known = [];
      zones.set(timeZone, known);
    }
    lastZone = timeZone;
    lastBlocks = known;
  }
  const index = Math.floor(hour / HOURS_PER_BLOCK);
  let block = lastBlocks[index];
  if (!block) {
    if (++blocks > MAX_BLOCKS) {
      for (const known of zones.values()) known.length = 0;
      blocks = 1;
    }
    block = new Float64Array(HOURS_PER_BLOCK).fill(UNKNOWN);
    lastBlocks[index] = block;
  }
  const slot = hour - index * HOURS_PER_BLOCK;
  let offset = block[slot] as number;
  if (Number.isNaN(offset)) {
    const startOfHour = (hour + FIRST_HOUR) * HOUR_MS;
    const start = formattedOffset(startOfHour, timeZone);
    const end = formattedOffset(startOfHour + HOUR_MS - 1, timeZone);
    offset = start === end ? start : MIXED;
    block[slot] = offset;
  }
  return offset === MIXED ? formattedOffset(at, timeZone) : offset;
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
