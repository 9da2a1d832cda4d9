import { readdirSync, readFileSync } from "node:fs";

/*
 * Where the machine's time went while something ran: what tells a slow run that waited for the
 * disk or for a core the hypervisor gave to someone else from one that worked harder. Read from
 * Linux's /proc; elsewhere every figure is null.
 */

/** The counters read at one moment. */
export interface MachineCounters {
  /** clock ticks of every core: waiting for the disk, and taken by the hypervisor */
  iowaitTicks: number;
  stealTicks: number;
  /** clock ticks of CPU used by the processes named postgres (the server's backends and its workers) */
  postgresTicks: number;
  /** KiB read from and written to the disks */
  diskReadKb: number;
  diskWrittenKb: number;
}

/** What the machine did between two readings. */
export interface MachineTime {
  postgresCpuSeconds: number;
  iowaitSeconds: number;
  stealSeconds: number;
  diskReadMb: number;
  diskWrittenMb: number;
}

/** Linux's clock ticks a second (USER_HZ): 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export function machineCounters(): MachineCounters | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...
    const cpu = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/) ?? [];
    const vmstat = new Map(
      readFileSync("/proc/vmstat", "utf8")
        .split("\n")
        .map((line) => line.split(" ") as [string, string]),
    );
    return {
      iowaitTicks: Number(cpu[5]),
      stealTicks: Number(cpu[8]),
      postgresTicks: postgresTicks(),
      diskReadKb: Number(vmstat.get("pgpgin")),
      diskWrittenKb: Number(vmstat.get("pgpgout")),
    };
  } catch {
    return null;
  }
}

/** The CPU (user and system) of every process named postgres, in clock ticks. */
function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
    // after "pid (comm) ": state is field 3, utime and stime fields 14 and 15
    const fields = stat.slice(close + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

export function machineTimeBetween(before: MachineCounters | null, after: MachineCounters | null): MachineTime | null {
  if (!before || !after) return null;
  const seconds = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND) * 10) / 10;
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    postgresCpuSeconds: seconds(after.postgresTicks - before.postgresTicks),
    iowaitSeconds: seconds(after.iowaitTicks - before.iowaitTicks),
    stealSeconds: seconds(after.stealTicks - before.stealTicks),
    diskReadMb: mb(after.diskReadKb - before.diskReadKb),
    diskWrittenMb: mb(after.diskWrittenKb - before.diskWrittenKb),
  };
}

/** One line for a report: "Postgres 28.9 CPU s, iowait 0.4 s, steal 0 s, disk 3 MB read, 812 MB written". */
export function describeMachineTime(time: MachineTime | null): string {
  if (!time) return "not known on this system";
  return `Postgres ${time.postgresCpuSeconds} CPU s, iowait ${time.iowaitSeconds} s, steal ${time.stealSeconds} s, disk ${time.diskReadMb} MB read, ${time.diskWrittenMb} MB written`;
}

/**
 * The milliseconds a fixed loop of arithmetic takes on one core: how fast this machine runs at
 * the moment, to compare runs made at different times (about 330 ms on this project's
 * two-core machine on a quiet evening, over 500 when its host is busy).
 */
export function loopProbeMs(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  // the sum is used, so the loop is not optimised away
  if (x < 0) console.log(x);
  return Math.round(performance.now() - started);
}
