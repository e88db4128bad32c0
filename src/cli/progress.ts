import type { BulkSummary } from '../bulk/index.js';

export interface Counts {
  done: number;
  skipped: number;
  failed: number;
  planned: number;
}

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The live line: counts, the rate since the start, and the time left when the number of matches is
 * known beforehand (`total`, from an offset list's first page), else `ETA ?`.
 */
export function progressLine(verb: string, counts: Counts, elapsedMs: number, total: number | null): string {
  const settled = counts.done + counts.skipped + counts.failed + counts.planned;
  const rate = elapsedMs > 0 ? (settled * 1000) / elapsedMs : 0;
  const parts =
    counts.planned > 0 && counts.done === 0
      ? [`${counts.planned} planned`]
      : [`${counts.done} done`, `${counts.skipped} skipped`, `${counts.failed} failed`];
  const left = total !== null && rate > 0 ? Math.max(0, total - settled) / rate : null;
  const eta = left === null ? 'ETA ?' : `ETA ${clock(left * 1000)}`;
  const of = total !== null ? ` of ~${total}` : '';
  return `${verb}: ${parts.join(' · ')}${of} · ${rate.toFixed(1)}/s · ${eta}`;
}

const settled = (c: Counts, dryRun: boolean) =>
  dryRun ? `${c.planned} planned` : `${c.done} done, ${c.skipped} skipped, ${c.failed} failed`;

/** The summary printed on stderr at the end of a bulk command. */
export function summaryLine(verb: string, s: BulkSummary, dryRun: boolean): string {
  const pass = s.passes === 1 ? 'pass' : 'passes';
  return `${verb}${dryRun ? ' (dry run)' : ''}: ${s.matched} matched; ${settled(s, dryRun)} (${s.passes} ${pass}, ${s.requests} request${s.requests === 1 ? '' : 's'}, ${(s.elapsedMs / 1000).toFixed(1)} s)${s.aborted ? '; stopped before the end' : ''}`;
}

/** The summary of a bulk command whose job stopped on an error: what it settled until then. */
export function stoppedLine(verb: string, counts: Counts, elapsedMs: number, dryRun: boolean): string {
  const matched = counts.done + counts.skipped + counts.failed + counts.planned;
  return `${verb}${dryRun ? ' (dry run)' : ''}: ${matched} matched; ${settled(counts, dryRun)} (${(elapsedMs / 1000).toFixed(1)} s); stopped by an error before the end`;
}

/** Redraws one status line on a terminal, at most every `intervalMs` while it is shown. */
export class ProgressLine {
  #last = 0;
  #shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly intervalMs = 100,
  ) {}

  /** Draws `line`; a line already shown is redrawn only `intervalMs` after the last time. */
  update(line: string, now: number): void {
    if (this.#shown && now - this.#last < this.intervalMs) return;
    this.#last = now;
    this.#shown = true;
    this.write(`\r\x1b[2K${line}`);
  }

  /** Erases the line, so that what follows starts on a clean one. */
  clear(): void {
    if (this.#shown) this.write('\r\x1b[2K');
    this.#shown = false;
  }
}
