/**
 * Turns the bytes read from a log object into the text returned to clients, truncated to the
 * caller's limits without splitting a UTF-8 character (and, for tails, a line).
 *
 * Callers read one byte more than `maxBytes` (`maxBytes + 1` from the start, or the last
 * `maxBytes + 1`): its presence is what says the content is truncated, and in tail mode it is
 * the byte before the window, which tells whether the window starts at a line start.
 * Decoding once, after the window is known, also makes chunk boundaries irrelevant.
 */

export interface LogTextLimits {
  readonly maxBytes: number;
  /** Keep the end of the object rather than its start. */
  readonly tail: boolean;
  /** Keep at most this many lines (first or last), newline terminators included, like head/tail -n. */
  readonly lines?: number | undefined;
}

export interface LogText {
  readonly content: string;
  /** UTF-8 length of `content`. */
  readonly contentBytes: number;
  readonly truncated: boolean;
}

const NEWLINE = 0x0a;
/** A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes follow its lead byte. */
const MAX_CONTINUATION_BYTES = 3;

const isContinuationByte = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

export function shapeLogText(window: Buffer, limits: LogTextLimits): LogText {
  const { start, end, truncated } = limits.tail ? tailSpan(window, limits) : headSpan(window, limits);
  const content = window.subarray(start, end).toString('utf8');
  return { content, contentBytes: Buffer.byteLength(content, 'utf8'), truncated };
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly truncated: boolean;
}

function headSpan(window: Buffer, { maxBytes, lines }: LogTextLimits): Span {
  let end = window.length;
  let truncated = false;
  if (window.length > maxBytes) {
    truncated = true;
    end = maxBytes;
    // window[end] is the first byte left out; if it continues a character, leave that character out whole.
    for (let step = 0; step < MAX_CONTINUATION_BYTES && end > 0 && isContinuationByte(window[end]); step++) end--;
  }
  if (lines !== undefined) {
    const linesEnd = endOfFirstLines(window.subarray(0, end), lines);
    truncated ||= linesEnd < end;
    end = linesEnd;
  }
  return { start: 0, end, truncated };
}

function tailSpan(window: Buffer, { maxBytes, lines }: LogTextLimits): Span {
  let start = 0;
  let truncated = false;
  if (window.length > maxBytes) {
    truncated = true;
    start = window.length - maxBytes;
    const precededByNewline = window[start - 1] === NEWLINE;
    for (let step = 0; step < MAX_CONTINUATION_BYTES && isContinuationByte(window[start]); step++) start++;
    if (!precededByNewline) {
      // Drop the cut-off first line, unless it is the only line: a partial line beats nothing.
      const newline = window.indexOf(NEWLINE, start);
      if (newline >= 0 && newline < window.length - 1) start = newline + 1;
    }
  }
  if (lines !== undefined) {
    const linesStart = start + startOfLastLines(window.subarray(start), lines);
    truncated ||= linesStart > start;
    start = linesStart;
  }
  return { start, end: window.length, truncated };
}

/** Offset just past the `count`-th newline, or the whole text when it has fewer lines. */
function endOfFirstLines(text: Buffer, count: number): number {
  let end = 0;
  for (let line = 0; line < count; line++) {
    const newline = text.indexOf(NEWLINE, end);
    if (newline < 0) return text.length;
    end = newline + 1;
  }
  return end;
}

/** Offset where the last `count` lines begin (0 when the text has no more lines than that). */
function startOfLastLines(text: Buffer, count: number): number {
  // A final newline ends the last line; it does not start another one.
  let searchFrom = text.length - 2;
  for (let line = 1; searchFrom >= 0; line++) {
    const newline = text.lastIndexOf(NEWLINE, searchFrom);
    if (newline < 0) return 0;
    if (line === count) return newline + 1;
    searchFrom = newline - 1;
  }
  return 0;
}
