/**
 * What a native demo writer shares: the records of a day, buffered until the day's checkpoint (a
 * contact's status events and surveys may come after it), numeric ids for the systems that number
 * their records, and page files written whole under a temporary name.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Contact, StatusEvent, Survey } from '../../domain/records.js';

/** A demo contact with the status events and surveys that belong to it. */
export interface DemoTicket {
  readonly contact: Contact;
  readonly events: StatusEvent[];
  readonly surveys: Survey[];
}

/** A format's demo writer: tickets go in, page files come out. */
export interface NativePages {
  /** Which surveys the format carries (the others stay in surveys.csv). */
  carries(survey: Survey): boolean;
  /** A day's tickets, in order of creation. */
  add(tickets: readonly DemoTicket[]): void;
  /** Writes what is left; returns the paths of every page written, in order. */
  finish(): string[];
}

/** `MAIL-1000006` → 1000006: the demo numbers its contacts across channels, so the numbers are unique. */
export function ticketNumber(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m === null ? 0 : Number(m[1]);
}

/** Numbers for names (customers, agents, queues) that a system keeps as numeric ids. */
export class Numbering {
  private readonly ids = new Map<string, number>();

  constructor(private readonly first: number) {}

  of(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) this.ids.set(name, (id = this.first + this.ids.size));
    return id;
  }

  entries(): IterableIterator<[string, number]> {
    return this.ids.entries();
  }
}

/** Writes numbered page files `<prefix>-0001.json` whole (a temporary name, then renamed). */
export class PageFiles {
  readonly written: string[] = [];
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
  ) {}

  write(page: unknown): void {
    this.count++;
    const path = join(this.dir, `${this.prefix}-${String(this.count).padStart(4, '0')}.json`);
    const temp = `${path}.${process.pid}.partial`;
    writeFileSync(temp, `${JSON.stringify(page)}\n`);
    renameSync(temp, path);
    this.written.push(path);
  }
}

/** Collects items into pages of `size` and writes each full page. */
export class Pager<T> {
  private items: T[] = [];

  constructor(
    private readonly size: number,
    private readonly flush: (items: T[], last: boolean) => void,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.size) {
      this.flush(this.items, false);
      this.items = [];
    }
  }

  end(): void {
    this.flush(this.items, true);
    this.items = [];
  }
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));
