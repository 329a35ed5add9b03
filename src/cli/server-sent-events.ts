/** One Server-Sent Event: its `event:` name ("message" when none) and its `data:` lines joined. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * The events of a text/event-stream body, as the HTML spec reads them: lines end in LF, CR or
 * CRLF, a blank line dispatches, `:` lines (keep-alives) are comments, and one space after the
 * field's colon is dropped.
 */
export async function* serverSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  let event = '';
  let data: string[] = [];
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    for (let match = /\r\n|\r(?!$)|\n/.exec(buffered); match; match = /\r\n|\r(?!$)|\n/.exec(buffered)) {
      const line = buffered.slice(0, match.index);
      buffered = buffered.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  }
}
