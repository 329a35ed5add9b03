/**
 * Retained sizes from a V8 .heapsnapshot, computed as Chrome DevTools does: the dominator tree
 * over the "essential" edges (weak edges never retain; shortcut edges only from the root), by
 * the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm"),
 * then each node's retained size is its own plus what it dominates.
 */
import { readFileSync } from 'node:fs';

interface SnapshotFile {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[], ...unknown[]];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

export interface Retainer {
  /** Constructor or function name, or the start of a string's text. */
  readonly name: string;
  readonly type: string;
  readonly selfBytes: number;
  readonly retainedBytes: number;
  /** The nearest named objects that retain it, innermost first: where it hangs. */
  readonly heldBy: readonly string[];
  /**
   * What it mostly holds: its largest part, then that part's largest part…, while each holds at
   * least half of the one before, as `edge: Constructor (MiB)`. Names an anonymous closure context.
   */
  readonly mostly: readonly { readonly edge: string; readonly name: string; readonly retainedBytes: number }[];
}

/** Objects of one constructor (or one kind: strings, compiled code…), as DevTools' Summary groups them. */
export interface Group {
  readonly name: string;
  readonly count: number;
  readonly selfBytes: number;
}

export interface HeapSummary {
  /** What the root retains: the reachable heap. */
  readonly totalBytes: number;
  readonly objects: number;
  /** The largest retainers, none inside another listed one (so each holds memory of its own). */
  readonly retainers: readonly Retainer[];
  /** Where the bytes are, by constructor or kind: most of a heap is shared, retained by no one object. */
  readonly groups: readonly Group[];
}

/** The snapshot as flat typed arrays, indexed by node ordinal. */
class Heap {
  readonly count: number;
  readonly type: Uint8Array;
  readonly name: Uint32Array;
  readonly selfSize: Float64Array;
  /** Essential successors of node i: succ[succStart[i]] … succ[succStart[i + 1] - 1]. */
  readonly succStart: Uint32Array;
  readonly succ: Uint32Array;
  /** First raw edge (an index into `file.edges`) of node i; weak ones included, for naming. */
  readonly edgeStart: Uint32Array;
  private readonly nodeWidth: number;
  private readonly edgeWidth: number;

  constructor(readonly file: SnapshotFile) {
    const { meta } = file.snapshot;
    const nodeWidth = meta.node_fields.length;
    const edgeWidth = meta.edge_fields.length;
    const [typeAt, nameAt, selfAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
    const [edgeTypeAt, toAt] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number];
    const weak = meta.edge_types[0].indexOf('weak');
    const shortcut = meta.edge_types[0].indexOf('shortcut');
    const { nodes, edges } = file;
    this.nodeWidth = nodeWidth;
    this.edgeWidth = edgeWidth;
    this.count = nodes.length / nodeWidth;
    this.edgeStart = new Uint32Array(this.count + 1);
    this.type = new Uint8Array(this.count);
    this.name = new Uint32Array(this.count);
    this.selfSize = new Float64Array(this.count);
    this.succStart = new Uint32Array(this.count + 1);
    const succ: number[] = [];
    let edge = 0;
    for (let node = 0; node < this.count; node++) {
      const base = node * nodeWidth;
      this.type[node] = nodes[base + typeAt] ?? 0;
      this.name[node] = nodes[base + nameAt] ?? 0;
      this.selfSize[node] = nodes[base + selfAt] ?? 0;
      this.succStart[node] = succ.length;
      this.edgeStart[node] = edge;
      const edgeEnd = edge + (nodes[base + edgeCountAt] ?? 0) * edgeWidth;
      for (; edge < edgeEnd; edge += edgeWidth) {
        const kind = edges[edge + edgeTypeAt];
        if (kind === weak || (kind === shortcut && node !== 0)) continue;
        succ.push((edges[edge + toAt] ?? 0) / nodeWidth);
      }
    }
    this.succStart[this.count] = succ.length;
    this.edgeStart[this.count] = edge;
    this.succ = Uint32Array.from(succ);
  }

  /** The name of an edge from `from` to `to` (a property, `[index]`), or '' when `to` is held otherwise. */
  edgeName(from: number, to: number): string {
    const { meta } = this.file.snapshot;
    const [typeAt, nameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
    const indexed = [meta.edge_types[0].indexOf('element'), meta.edge_types[0].indexOf('hidden')];
    for (let edge = this.edgeStart[from] ?? 0; edge < (this.edgeStart[from + 1] ?? 0); edge += this.edgeWidth) {
      if (this.file.edges[edge + toAt] !== to * this.nodeWidth) continue;
      const name = this.file.edges[edge + nameAt] ?? 0;
      return indexed.includes(this.file.edges[edge + typeAt] ?? -1) ? `[${name}]` : (this.file.strings[name] ?? '');
    }
    return '';
  }

  typeName(node: number): string {
    return this.file.snapshot.meta.node_types[0][this.type[node] ?? 0] ?? 'unknown';
  }

  label(node: number): string {
    const text = this.file.strings[this.name[node] ?? 0] ?? '';
    const oneLine = text.replace(/\s+/g, ' ');
    return this.typeName(node) === 'string' || oneLine.length > 60 ? JSON.stringify(oneLine.slice(0, 40)) + (oneLine.length > 40 ? '…' : '') : oneLine;
  }
}

/** Post-order of the nodes reachable from the root (node 0) over essential edges. */
function postOrder(heap: Heap): { order: Uint32Array; position: Int32Array } {
  const position = new Int32Array(heap.count).fill(-1);
  const order = new Uint32Array(heap.count);
  const visited = new Uint8Array(heap.count);
  const stack = [0];
  const cursor = [heap.succStart[0] ?? 0];
  visited[0] = 1;
  let placed = 0;
  while (stack.length > 0) {
    const node = stack[stack.length - 1] as number;
    const at = cursor[cursor.length - 1] as number;
    if (at < (heap.succStart[node + 1] ?? 0)) {
      cursor[cursor.length - 1] = at + 1;
      const next = heap.succ[at] as number;
      if (!visited[next]) {
        visited[next] = 1;
        stack.push(next);
        cursor.push(heap.succStart[next] ?? 0);
      }
      continue;
    }
    stack.pop();
    cursor.pop();
    position[node] = placed;
    order[placed++] = node;
  }
  return { order: order.subarray(0, placed), position };
}

/** Predecessors by post-order position, among reachable nodes, in CSR form. */
function predecessors(heap: Heap, position: Int32Array, reachable: number): { start: Uint32Array; pred: Uint32Array } {
  const start = new Uint32Array(reachable + 1);
  const forEachEdge = (visit: (from: number, to: number) => void) => {
    for (let node = 0; node < heap.count; node++) {
      const from = position[node] as number;
      if (from < 0) continue;
      for (let e = heap.succStart[node] ?? 0; e < (heap.succStart[node + 1] ?? 0); e++) visit(from, position[heap.succ[e] as number] as number);
    }
  };
  forEachEdge((_, to) => void (start[to + 1]! += 1));
  for (let i = 0; i < reachable; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, reachable);
  const pred = new Uint32Array(start[reachable] ?? 0);
  forEachEdge((from, to) => void (pred[fill[to]!++] = from));
  return { start, pred };
}

/** Immediate dominator of each post-order position (the root, last, dominates itself). */
function dominators(reachable: number, start: Uint32Array, pred: Uint32Array): Int32Array {
  const idom = new Int32Array(reachable).fill(-1);
  const root = reachable - 1;
  idom[root] = root;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (a < b) a = idom[a] as number;
      while (b < a) b = idom[b] as number;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let b = root - 1; b >= 0; b--) {
      let next = -1;
      for (let p = start[b] ?? 0; p < (start[b + 1] ?? 0); p++) {
        const from = pred[p] as number;
        if (idom[from] === -1) continue;
        next = next === -1 ? from : intersect(from, next);
      }
      if (next !== -1 && idom[b] !== next) {
        idom[b] = next;
        changed = true;
      }
    }
  }
  return idom;
}

/** Retained size by post-order position. */
function retainedSizes(heap: Heap, order: Uint32Array, idom: Int32Array): Float64Array {
  const retained = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) retained[i] = heap.selfSize[order[i] as number] ?? 0;
  // A dominator comes after all it dominates in post-order: one pass from the leaves up adds up.
  for (let i = 0; i < order.length - 1; i++) retained[idom[i] as number]! += retained[i]!;
  return retained;
}

/** The dominator tree's children of each post-order position, in CSR form. */
function dominated(idom: Int32Array): { start: Uint32Array; child: Uint32Array } {
  const count = idom.length;
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < count - 1; i++) start[(idom[i] as number) + 1]! += 1;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const child = new Uint32Array(count - 1);
  for (let i = 0; i < count - 1; i++) child[fill[idom[i] as number]!++] = i;
  return { start, child };
}

/** Follows the largest dominated part down while it holds at least half of its parent (at most 3 steps). */
function mostly(heap: Heap, order: Uint32Array, retained: Float64Array, tree: ReturnType<typeof dominated>, i: number): Retainer['mostly'] {
  const steps: Retainer['mostly'][number][] = [];
  for (let at = i; steps.length < 3; ) {
    let largest = -1;
    for (let c = tree.start[at] ?? 0; c < (tree.start[at + 1] ?? 0); c++) {
      const child = tree.child[c] as number;
      if (largest === -1 || (retained[child] ?? 0) > (retained[largest] ?? 0)) largest = child;
    }
    if (largest === -1 || (retained[largest] ?? 0) < (retained[at] ?? 0) / 2) break;
    const node = order[largest] as number;
    steps.push({ edge: heap.edgeName(order[at] as number, node), name: heap.label(node) || `(${heap.typeName(node)})`, retainedBytes: retained[largest] ?? 0 });
    at = largest;
  }
  return steps;
}

/**
 * The `top` largest retainers, skipping V8's synthetic roots ("(GC roots)" and the like) and any
 * node inside one already listed (its dominator would be listed first, being at least as big).
 */
function topRetainers(heap: Heap, order: Uint32Array, idom: Int32Array, retained: Float64Array, top: number): Retainer[] {
  const root = order.length - 1;
  const synthetic = heap.file.snapshot.meta.node_types[0].indexOf('synthetic');
  const isSynthetic = (i: number) => heap.type[order[i] as number] === synthetic;
  const ancestors = function* (i: number) {
    for (let at = idom[i] as number; at !== root; at = idom[at] as number) yield at;
  };
  const byRetained = [...order.keys()].filter((i) => !isSynthetic(i)).sort((a, b) => (retained[b] ?? 0) - (retained[a] ?? 0));
  const tree = dominated(idom);
  const listed = new Set<number>();
  for (const i of byRetained) {
    if (listed.size === top) break;
    if (![...ancestors(i)].some((at) => listed.has(at))) listed.add(i);
  }
  return [...listed].map((i) => {
    const node = order[i] as number;
    const heldBy = [...ancestors(i)].filter((at) => !isSynthetic(at) && heap.label(order[at] as number) !== '').slice(0, 3);
    return {
      name: heap.label(node) || `(${heap.typeName(node)})`,
      type: heap.typeName(node),
      selfBytes: heap.selfSize[node] ?? 0,
      retainedBytes: retained[i] ?? 0,
      heldBy: heldBy.map((at) => heap.label(order[at] as number)),
      mostly: mostly(heap, order, retained, tree, i),
    };
  });
}

/** Reachable objects grouped by constructor (objects, native objects) or else by kind, largest first. */
function groups(heap: Heap, order: Uint32Array, top: number): Group[] {
  const totals = new Map<string, { count: number; selfBytes: number }>();
  for (const node of order) {
    const type = heap.typeName(node);
    const name = type === 'object' || type === 'native' ? heap.label(node) || '(anonymous object)' : `(${type})`;
    const group = totals.get(name) ?? { count: 0, selfBytes: 0 };
    group.count++;
    group.selfBytes += heap.selfSize[node] ?? 0;
    totals.set(name, group);
  }
  return [...totals].map(([name, group]) => ({ name, ...group })).sort((a, b) => b.selfBytes - a.selfBytes).slice(0, top);
}

export function summarizeHeapSnapshot(path: string, top = 10): HeapSummary {
  const heap = new Heap(JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile);
  const { order, position } = postOrder(heap);
  const { start, pred } = predecessors(heap, position, order.length);
  const idom = dominators(order.length, start, pred);
  const retained = retainedSizes(heap, order, idom);
  return {
    totalBytes: retained[order.length - 1] ?? 0,
    objects: order.length,
    retainers: topRetainers(heap, order, idom, retained, top),
    groups: groups(heap, order, top),
  };
}
