// Choosing a new UID/GID. The two Debian tools differ: adduser takes the first free id of its
// range (filling gaps), useradd the one after the highest id in use in its range (and looks for
// a gap only when that overflows). With users 1000 and 1002, adduser picks 1001, useradd 1003.

/** adduser's first_avail_uid/gid: the lowest id of [first, last] not in `used`, or null. */
export function firstFreeId(used: ReadonlySet<number>, first: number, last: number): number | null {
  for (let id = first; id <= last; id++) if (!used.has(id)) return id;
  return null;
}

/** useradd's find_new_uid/gid: highest used id in [min, max] plus one, else the first gap. */
export function nextIdAfterHighest(used: ReadonlySet<number>, min: number, max: number): number | null {
  let highest = min - 1;
  for (const id of used) if (id >= min && id <= max && id > highest) highest = id;
  if (highest < max) return highest + 1;
  return firstFreeId(used, min, max);
}
