// THREAD (RFC 5256 section 3): ORDEREDSUBJECT groups messages by base subject under the oldest one;
// REFERENCES and REFS link each message to the one its In-Reply-To/References names (the
// parent-child part of the JWZ algorithm; subject merging of unrelated roots is not done).

export interface ThreadInput {
  /** Sequence number or UID, as the reply wants it. */
  readonly id: number;
  readonly date: number;
  readonly subject: string;
  readonly messageId: string | null;
  /** In-Reply-To then References message-ids, the nearest parent last. */
  readonly parents: readonly string[];
}

interface Node {
  readonly m: ThreadInput;
  readonly children: Node[];
}

const byDate = (a: Node, b: Node): number => a.m.date - b.m.date || a.m.id - b.m.id;

function write(n: Node): string {
  let s = String(n.m.id);
  let cur = n;
  while (cur.children.length === 1) {
    const only = cur.children[0];
    if (only === undefined) break;
    cur = only;
    s += ` ${cur.m.id}`;
  }
  if (cur.children.length > 1) s += ` ${cur.children.map((c) => `(${write(c)})`).join('')}`;
  return s;
}

/** "(1 2)(3 (4)(5))" for the messages, or null for an unknown algorithm. */
export function threadMessages(algorithm: string, messages: readonly ThreadInput[]): string | null {
  const roots: Node[] = [];
  if (algorithm === 'ORDEREDSUBJECT') {
    const groups = new Map<string, Node>();
    for (const m of [...messages].sort((a, b) => a.date - b.date || a.id - b.id)) {
      const root = groups.get(m.subject);
      if (root === undefined) {
        const n: Node = { m, children: [] };
        groups.set(m.subject, n);
        roots.push(n);
      } else root.children.push({ m, children: [] });
    }
  } else if (algorithm === 'REFERENCES' || algorithm === 'REFS') {
    const nodes = messages.map((m) => ({ m, children: [] as Node[] }));
    const byId = new Map<string, Node>();
    for (const n of nodes) if (n.m.messageId !== null && !byId.has(n.m.messageId)) byId.set(n.m.messageId, n);
    for (const n of nodes) {
      let parent: Node | undefined;
      for (let i = n.m.parents.length - 1; i >= 0 && parent === undefined; i--) {
        const p = byId.get(n.m.parents[i] ?? '');
        if (p !== undefined && p !== n) parent = p;
      }
      // A parent link that would close a loop is dropped.
      let up = parent;
      for (let guard = 0; up !== undefined && guard < nodes.length; guard++) {
        if (up === n) {
          parent = undefined;
          break;
        }
        up = nodes.find((x) => x.children.includes(up as Node));
      }
      if (parent === undefined) roots.push(n);
      else parent.children.push(n);
    }
    const sortTree = (list: Node[]): void => {
      list.sort(byDate);
      for (const c of list) sortTree(c.children);
    };
    sortTree(roots);
  } else {
    return null;
  }
  roots.sort(byDate);
  return roots.map((r) => `(${write(r)})`).join('');
}
