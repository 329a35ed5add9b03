import { describe, expect, it } from 'vitest';

import { HeadWindow, TailWindow } from '../../src/gamelift/logs/byte-window.js';
import { shapeLogText, type LogTextLimits } from '../../src/gamelift/logs/log-text.js';

/** What a fetch would read of `text`: the first, or last, `maxBytes + 1` bytes. */
function shape(text: string, limits: LogTextLimits) {
  const bytes = Buffer.from(text, 'utf8');
  const window = limits.tail ? bytes.subarray(Math.max(0, bytes.length - limits.maxBytes - 1)) : bytes.subarray(0, limits.maxBytes + 1);
  return shapeLogText(window, limits);
}

describe('shapeLogText, head', () => {
  it('returns small objects whole', () => {
    expect(shape('a\nb\n', { maxBytes: 4, tail: false })).toEqual({ content: 'a\nb\n', contentBytes: 4, truncated: false });
    expect(shape('', { maxBytes: 4, tail: false })).toEqual({ content: '', contentBytes: 0, truncated: false });
  });

  it('cuts at maxBytes', () => {
    expect(shape('abcdef', { maxBytes: 4, tail: false })).toEqual({ content: 'abcd', contentBytes: 4, truncated: true });
  });

  it.each([
    // "é" is 2 bytes, "€" 3, "😀" 4: a cut inside one leaves the whole character out.
    ['aé', 2, 'a'],
    ['a€', 2, 'a'],
    ['a€', 3, 'a'],
    ['a😀b', 2, 'a'],
    ['a😀b', 4, 'a'],
    ['a😀b', 5, 'a😀'],
  ])('never splits a character: %j at %d bytes', (text, maxBytes, content) => {
    const shaped = shape(text, { maxBytes, tail: false });
    expect(shaped).toMatchObject({ content, truncated: true });
    expect(shaped.content).not.toContain('\uFFFD');
  });

  it('keeps the first lines, newlines included', () => {
    expect(shape('one\ntwo\nthree\n', { maxBytes: 100, tail: false, lines: 2 })).toEqual({
      content: 'one\ntwo\n',
      contentBytes: 8,
      truncated: true,
    });
    expect(shape('one\ntwo\n', { maxBytes: 100, tail: false, lines: 2 })).toMatchObject({ content: 'one\ntwo\n', truncated: false });
    expect(shape('one\ntwo', { maxBytes: 100, tail: false, lines: 5 })).toMatchObject({ content: 'one\ntwo', truncated: false });
  });

  it('applies maxBytes before lines', () => {
    expect(shape('one\ntwo\nthree\n', { maxBytes: 6, tail: false, lines: 2 })).toMatchObject({ content: 'one\ntw', truncated: true });
  });
});

describe('shapeLogText, tail', () => {
  it('returns small objects whole', () => {
    expect(shape('a\nb\n', { maxBytes: 4, tail: true })).toEqual({ content: 'a\nb\n', contentBytes: 4, truncated: false });
  });

  it('starts at a line start when the window cuts a line', () => {
    expect(shape('first line\nsecond\nthird\n', { maxBytes: 10, tail: true })).toEqual({
      content: 'third\n',
      contentBytes: 6,
      truncated: true,
    });
  });

  it('keeps a window that already starts at a line start', () => {
    expect(shape('first\nsecond\n', { maxBytes: 7, tail: true })).toMatchObject({ content: 'second\n', truncated: true });
  });

  it('keeps a partial line when it is the only line in the window', () => {
    expect(shape('x'.repeat(20) + 'end\n', { maxBytes: 6, tail: true })).toMatchObject({ content: 'xxend\n', truncated: true });
    expect(shape('x'.repeat(20), { maxBytes: 6, tail: true })).toMatchObject({ content: 'xxxxxx', truncated: true });
  });

  it.each([
    ['éa', 2, 'a'],
    ['€ab', 3, 'ab'],
    ['😀abc', 4, 'abc'],
    ['😀abc', 7, '😀abc'],
  ])('never starts inside a character: %j at %d bytes', (text, maxBytes, content) => {
    const shaped = shape(text, { maxBytes, tail: true });
    expect(shaped.content).toBe(content);
    expect(shaped.content).not.toContain('\uFFFD');
  });

  it('keeps the last lines, like tail -n', () => {
    expect(shape('one\ntwo\nthree\n', { maxBytes: 100, tail: true, lines: 1 })).toEqual({
      content: 'three\n',
      contentBytes: 6,
      truncated: true,
    });
    expect(shape('one\ntwo\nthree', { maxBytes: 100, tail: true, lines: 2 })).toMatchObject({ content: 'two\nthree', truncated: true });
    expect(shape('one\ntwo\n', { maxBytes: 100, tail: true, lines: 2 })).toMatchObject({ content: 'one\ntwo\n', truncated: false });
    expect(shape('\n\n\n', { maxBytes: 100, tail: true, lines: 2 })).toMatchObject({ content: '\n\n', truncated: true });
  });

  it('keeps CRLF line endings byte for byte, a final newline ending the last line', () => {
    expect(shape('a\r\nb\r\n', { maxBytes: 100, tail: true, lines: 2 })).toEqual({ content: 'a\r\nb\r\n', contentBytes: 6, truncated: false });
    expect(shape('a\r\nb\r\n', { maxBytes: 100, tail: true, lines: 1 })).toEqual({ content: 'b\r\n', contentBytes: 3, truncated: true });
    expect(shape('a\r\nb\r\nc', { maxBytes: 100, tail: true, lines: 1 })).toMatchObject({ content: 'c', truncated: true });
    expect(shape('a\r\n\r\nb\r\n', { maxBytes: 100, tail: true, lines: 2 })).toMatchObject({ content: '\r\nb\r\n', truncated: true });
    expect(shape('x\r\nテスト\r\n🎮\r\n', { maxBytes: 11, tail: true, lines: 5 })).toMatchObject({ content: '🎮\r\n', truncated: true });
  });
});

describe('byte windows', () => {
  const chunks = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));

  it('HeadWindow keeps the first bytes and says when it is full', () => {
    const window = new HeadWindow(5);
    expect(window.push(Buffer.from('abc'))).toBe(true);
    expect(window.push(Buffer.from('defg'))).toBe(false);
    expect(window.bytes().toString()).toBe('abcde');
  });

  it.each([1, 2, 3, 7, 50])('TailWindow keeps the last bytes across chunks of %d', (size) => {
    const text = 'the quick brown fox jumps over the lazy dog';
    const window = new TailWindow(10);
    for (const chunk of chunks(text, size)) window.push(chunk);
    expect(window.bytes().toString()).toBe(text.slice(-10));
  });

  it('TailWindow holds short bodies whole', () => {
    const window = new TailWindow(10);
    window.push(Buffer.from('abc'));
    expect(window.bytes().toString()).toBe('abc');
  });
});
