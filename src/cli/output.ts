import type { Writable } from 'node:stream';
import { ApiError } from '../core/errors.js';
import type { Conversation } from '../model/types.js';

/**
 * Writes to a stream, waiting for `drain` when its buffer is full, so a slow reader slows the command
 * down instead of growing memory. Once the stream fails (EPIPE: the reader has gone), writes are dropped.
 */
export class Output {
  closed = false;
  #onClose: (() => void) | null = null;

  constructor(readonly stream: Writable & { isTTY?: boolean }) {
    // EPIPE (the reader closed the pipe) or another write failure: nothing more can be delivered.
    stream.on('error', () => {
      if (this.closed) return;
      this.closed = true;
      this.#onClose?.();
    });
  }

  /** Called once when the reader goes away. */
  onClose(callback: () => void): void {
    this.#onClose = callback;
  }

  async write(text: string): Promise<void> {
    if (this.closed || text === '') return;
    if (this.stream.write(text)) return;
    // Drained, or failed (then `closed` is set): either way the next write may go.
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.stream.on('drain', done).on('close', done).on('error', done);
    });
  }

  /** Resolves when everything written so far has been handed to the system. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.stream.write('', () => resolve()));
  }
}

/** An error as the JSONL results carry it: no stack, no headers, no body. */
export interface ErrorLine {
  name: string;
  status: number | null;
  code: string | null;
  message: string;
}

export function errorLine(error: unknown): ErrorLine | null {
  if (error == null) return null;
  if (error instanceof ApiError) {
    return { name: error.name, status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof Error) return { name: error.name, status: null, code: null, message: error.message };
  return { name: 'Error', status: null, code: null, message: String(error) };
}

/** What a bulk command prints per conversation. */
export function resultLine(result: { id: string; outcome: string; reason: string | null; error: unknown }): string {
  return `${JSON.stringify({ id: result.id, outcome: result.outcome, reason: result.reason ?? null, error: errorLine(result.error) })}\n`;
}

export const FORMATS = ['jsonl', 'csv', 'table'] as const;
export type Format = (typeof FORMATS)[number];

/** Turns conversations into text, one page at a time: a header first (csv, table), then rows. */
export interface Formatter {
  header(): string;
  rows(items: readonly Conversation[]): string;
}

/** The unified conversation without `raw`; dates as ISO strings. */
function plain(c: Conversation): Omit<Conversation, 'raw'> {
  const { raw: _raw, ...rest } = c;
  return rest;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

const CSV_COLUMNS: ReadonlyArray<[string, (c: Conversation) => string | number | boolean | null]> = [
  ['id', (c) => c.id],
  ['provider', (c) => c.provider],
  ['status', (c) => c.status],
  ['channel', (c) => c.channel],
  ['subject', (c) => c.subject],
  ['priority', (c) => c.priority],
  ['contactId', (c) => c.contactId],
  ['target', (c) => c.target],
  ['inboxId', (c) => c.inboxId],
  ['assigneeIds', (c) => c.assignees.map((a) => a.id).join(';')],
  ['assigneeNames', (c) => c.assignees.map((a) => a.name ?? '').join(';')],
  ['unread', (c) => c.unread],
  ['lastMessageText', (c) => c.lastMessage?.text ?? null],
  ['lastMessageAt', (c) => iso(c.lastMessage?.at)],
  ['messageCount', (c) => c.messageCount],
  ['createdAt', (c) => iso(c.createdAt)],
  ['updatedAt', (c) => iso(c.updatedAt)],
];

/** One RFC 4180 field: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvRow = (fields: ReadonlyArray<string | number | boolean | null>) => `${fields.map(csvField).join(',')}\r\n`;

/** Table columns: name, width (0: the rest of the line) and value. */
const TABLE_COLUMNS: ReadonlyArray<[string, number, (c: Conversation) => string]> = [
  ['ID', 24, (c) => c.id],
  ['STATUS', 8, (c) => c.status],
  ['CHANNEL', 8, (c) => c.channel ?? ''],
  ['INBOX', 24, (c) => c.inboxId ?? ''],
  ['ASSIGNEE', 24, (c) => c.assignees.map((a) => a.name ?? a.id).join(', ')],
  ['UPDATED', 20, (c) => c.updatedAt.toISOString().replace(/\.\d+Z$/, 'Z')],
  ['SUBJECT', 0, (c) => c.subject ?? c.target ?? ''],
];

/** A cell cut or padded to its width, control characters as spaces, so every row stays one line. */
function cell(text: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (width === 0) return flat;
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

const tableRow = (cells: readonly string[]) =>
  `${TABLE_COLUMNS.map(([, width], i) => cell(cells[i] ?? '', width))
    .join('  ')
    .trimEnd()}\n`;

export function formatter(format: Format): Formatter {
  switch (format) {
    case 'jsonl':
      return { header: () => '', rows: (items) => items.map((c) => `${JSON.stringify(plain(c))}\n`).join('') };
    case 'csv':
      return {
        header: () => csvRow(CSV_COLUMNS.map(([name]) => name)),
        rows: (items) => items.map((c) => csvRow(CSV_COLUMNS.map(([, value]) => value(c)))).join(''),
      };
    case 'table':
      return {
        header: () => tableRow(TABLE_COLUMNS.map(([name]) => name)),
        rows: (items) => items.map((c) => tableRow(TABLE_COLUMNS.map(([, , value]) => value(c)))).join(''),
      };
  }
}
