/**
 * Bounded buffers for a streamed body: memory stays proportional to the window, never to the
 * object, whatever the server sends.
 */

export interface ByteWindow {
  /** Adds a chunk; returns false once further chunks cannot change the window. */
  push(chunk: Buffer): boolean;
  bytes(): Buffer;
  /** Whether every byte pushed is in the window (so far: a head window that filled up cannot tell). */
  holdsAll(): boolean;
}

/** Keeps the first `capacity` bytes. */
export class HeadWindow implements ByteWindow {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly capacity: number) {}

  push(chunk: Buffer): boolean {
    const room = this.capacity - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
    return this.size < this.capacity;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  holdsAll(): boolean {
    return this.size < this.capacity;
  }
}

/** Keeps the last `capacity` bytes in a ring, so long bodies of tiny chunks stay linear. */
export class TailWindow implements ByteWindow {
  private readonly ring: Buffer;
  private written = 0;

  constructor(capacity: number) {
    this.ring = Buffer.allocUnsafe(capacity);
  }

  push(chunk: Buffer): boolean {
    const capacity = this.ring.length;
    const kept = chunk.length > capacity ? chunk.subarray(chunk.length - capacity) : chunk;
    const at = (this.written + chunk.length - kept.length) % capacity;
    const beforeWrap = Math.min(kept.length, capacity - at);
    kept.copy(this.ring, at, 0, beforeWrap);
    kept.copy(this.ring, 0, beforeWrap);
    this.written += chunk.length;
    return true;
  }

  holdsAll(): boolean {
    return this.written <= this.ring.length;
  }

  bytes(): Buffer {
    if (this.written <= this.ring.length) return Buffer.from(this.ring.subarray(0, this.written));
    const oldest = this.written % this.ring.length;
    return Buffer.concat([this.ring.subarray(oldest), this.ring.subarray(0, oldest)]);
  }
}
