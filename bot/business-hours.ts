/** Opening hours in a time zone: decides what a customer handed off to people is told. */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_LABEL = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface Rule {
  days: number[];
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

export interface BusinessHoursStatus {
  open: boolean;
  /** When the current opening began (while open). */
  openSince?: Date;
  /** The next time the team is available (while closed). */
  nextOpen?: Date;
}

const MINUTE = 60_000;

function parseTime(s: string, spec: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`business hours "${spec}": "${s}" is not a time like 09:00`);
  return minutes;
}

function parseDays(s: string, spec: string): number[] {
  if (s === 'daily') return [0, 1, 2, 3, 4, 5, 6];
  const day = (d: string) => {
    const i = DAYS.indexOf(d as (typeof DAYS)[number]);
    if (i < 0) throw new RangeError(`business hours "${spec}": "${d}" is not a day (mon, tue, wed, thu, fri, sat, sun, daily)`);
    return i;
  };
  const [a, b] = s.split('-');
  if (b === undefined) return [day(a!)];
  const out: number[] = [];
  for (let i = day(a!); ; i = (i + 1) % 7) {
    out.push(i);
    if (i === day(b)) return out;
  }
}

/**
 * Weekly opening hours in an IANA time zone, e.g. `"mon-fri 09:00-17:00; sat 10:00-14:00"` in
 * `"Europe/Warsaw"`. An empty spec (or `"24/7"`) means always open. Daylight-saving changes are
 * handled by asking `Intl` for the local time of each instant.
 *
 * @example
 * const hours = BusinessHours.parse('mon-fri 09:00-17:00', 'Europe/Warsaw');
 * hours.status(new Date()).open;
 */
export class BusinessHours {
  private readonly fmt: Intl.DateTimeFormat;

  private constructor(private readonly rules: Rule[] | undefined, readonly timeZone: string, private readonly spec: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** Always open (the default when no hours are configured). */
  static always(timeZone = 'UTC'): BusinessHours {
    return new BusinessHours(undefined, timeZone, '24/7');
  }

  /**
   * Parse `"<days> <HH:MM>-<HH:MM>"` rules separated by `;` or `,`: days are `mon`…`sun`, a range
   * like `mon-fri`, or `daily`; `24:00` closes at midnight.
   * @throws RangeError naming the part it cannot read, or an unknown time zone.
   */
  static parse(spec: string, timeZone = 'UTC'): BusinessHours {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    const trimmed = spec.trim().toLowerCase();
    if (!trimmed || trimmed === '24/7') return BusinessHours.always(timeZone);
    const rules = trimmed.split(/[;,]/).map((r) => r.trim()).filter(Boolean).map((r): Rule => {
      const m = /^(\S+)\s+(\S+)-(\S+)$/.exec(r);
      if (!m) throw new RangeError(`business hours "${r}": expected "<days> <HH:MM>-<HH:MM>", e.g. "mon-fri 09:00-17:00"`);
      const start = parseTime(m[2]!, r);
      const end = parseTime(m[3]!, r);
      if (end <= start) throw new RangeError(`business hours "${r}": closing time must be after opening time`);
      return { days: parseDays(m[1]!, r), start, end };
    });
    return new BusinessHours(rules, timeZone, spec.trim());
  }

  /** True when no hours are configured. */
  get alwaysOpen(): boolean {
    return this.rules === undefined;
  }

  /** The hours as people read them, e.g. "Mon–Fri 09:00–17:00 (Europe/Warsaw)". */
  describe(): string {
    if (!this.rules) return '24/7';
    const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const days = (d: number[]) => (d.length === 7 ? 'daily' : d.length === 1 ? DAY_LABEL[d[0]!] : `${DAY_LABEL[d[0]!]}–${DAY_LABEL[d[d.length - 1]!]}`);
    return `${this.rules.map((r) => `${days(r.days)} ${hm(r.start)}–${hm(r.end)}`).join(', ')} (${this.timeZone})`;
  }

  /** Local weekday and minute of the day of an instant. */
  private local(at: Date): { day: number; minute: number } {
    const parts = this.fmt.formatToParts(at);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    const day = DAY_LABEL.indexOf(get('weekday'));
    return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
  }

  /** The rule open at local (day, minute), if any. */
  private ruleAt(day: number, minute: number): Rule | undefined {
    return this.rules?.find((r) => r.days.includes(day) && minute >= r.start && minute < r.end);
  }

  isOpen(at: Date): boolean {
    if (!this.rules) return true;
    const { day, minute } = this.local(at);
    return this.ruleAt(day, minute) !== undefined;
  }

  /**
   * Milliseconds between `from` and `to` during which the team was open (analytics' waiting
   * times "in business hours"). Walks opening by opening, so a week costs a few dozen steps;
   * on a daylight-saving change day the count may be off by the shift.
   */
  openMillisBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    if (!this.rules) return to.getTime() - from.getTime();
    let t = from.getTime();
    let open = 0;
    for (let guard = 0; t < to.getTime() && guard < 10_000; guard++) {
      const { day, minute } = this.local(new Date(t));
      const exact = minute + (t % MINUTE) / MINUTE;
      const rule = this.ruleAt(day, minute);
      let next: number;
      if (rule) {
        next = Math.min(to.getTime(), t + (rule.end - exact) * MINUTE);
        open += next - t;
      } else {
        const later = this.rules.filter((r) => r.days.includes(day) && r.start > minute).map((r) => r.start);
        next = t + ((later.length ? Math.min(...later) : 24 * 60) - exact) * MINUTE;
      }
      t = Math.max(next, t + 1);
    }
    return open;
  }

  /** Whether the team is available at `at`, since when, or when it next is. */
  status(at: Date): BusinessHoursStatus {
    if (!this.rules) return { open: true };
    const base = new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
    const { day, minute } = this.local(base);
    const rule = this.ruleAt(day, minute);
    if (rule) {
      // Jump back to the opening, then step over a daylight-saving shift if we landed outside.
      let since = new Date(base.getTime() - (minute - rule.start) * MINUTE);
      while (!this.isOpen(since)) since = new Date(since.getTime() + MINUTE);
      while (this.isOpen(new Date(since.getTime() - MINUTE)) && at.getTime() - since.getTime() < 7 * 24 * 60 * MINUTE) since = new Date(since.getTime() - MINUTE);
      return { open: true, openSince: since };
    }
    return { open: false, nextOpen: this.nextOpen(base) };
  }

  /** The next opening after `at` (which is closed). */
  private nextOpen(at: Date): Date | undefined {
    let t = at;
    for (let guard = 0; guard < 64; guard++) {
      const { day, minute } = this.local(t);
      if (this.ruleAt(day, minute)) {
        // Landed inside an opening (a daylight-saving jump): walk back to its first minute.
        while (this.isOpen(new Date(t.getTime() - MINUTE))) t = new Date(t.getTime() - MINUTE);
        return t;
      }
      const later = this.rules!.filter((r) => r.days.includes(day) && r.start > minute).map((r) => r.start);
      const step = later.length ? Math.min(...later) - minute : 24 * 60 - minute;
      t = new Date(t.getTime() + step * MINUTE);
    }
    return undefined;
  }

  /** `at` as the team's local weekday and time, in the customer's language. */
  formatLocal(at: Date, lang: string): string {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat(lang, { timeZone: this.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    } catch {
      fmt = new Intl.DateTimeFormat('en', { timeZone: this.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    }
    return fmt.format(at);
  }

  toString(): string {
    return this.spec;
  }
}
