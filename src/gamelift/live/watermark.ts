/**
 * How far a fleet's event log has been followed: the newest event time reached, and the ids of
 * the events at exactly that time (GameLift can log several in one instant). An event is new when
 * it is later, or at that time with an id not seen. Pollers, the shared stream (in Redis, the same
 * rule in Lua) and each replica's delivery keep one each, so that whichever source an event comes
 * from, and however often, it goes out once.
 */
export interface WatermarkState {
  /** Epoch ms. */
  readonly time: number;
  readonly ids: readonly string[];
}

export class Watermark {
  private ids: Set<string>;

  constructor(
    private time: number,
    ids: Iterable<string> = [],
  ) {
    this.ids = new Set(ids);
  }

  static of(state: WatermarkState): Watermark {
    return new Watermark(state.time, state.ids);
  }

  get newest(): number {
    return this.time;
  }

  admits(time: number, id: string): boolean {
    return time > this.time || (time === this.time && !this.ids.has(id));
  }

  advance(time: number, id: string): void {
    if (time > this.time) {
      this.time = time;
      this.ids = new Set([id]);
    } else if (time === this.time) {
      this.ids.add(id);
    }
  }

  /** Whether `other` has reached events this one has not: then something between the two is missing here. */
  isBehind(other: WatermarkState): boolean {
    return other.time > this.time || (other.time === this.time && other.ids.some((id) => !this.ids.has(id)));
  }

  state(): WatermarkState {
    return { time: this.time, ids: [...this.ids] };
  }
}
