// apt update / apt-get update: the three bookworm sources of a Debian 12 install
// (/etc/apt/sources.list), "Get:" the first time and "Hit:" once their InRelease files are in
// /var/lib/apt/lists, the time it takes in virtual time, and apt's closing line.
import type { Credentials } from '../../os/fs/types.ts';
import type { AptContext } from './apt-context.ts';
import { sizeToStr, timeToStr } from './apt-messages.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const LISTS = '/var/lib/apt/lists';

const SOURCES: readonly { uri: string; suite: string; file: string; size: number }[] = [
  { uri: 'http://deb.debian.org/debian', suite: 'bookworm', file: 'deb.debian.org_debian_dists_bookworm_InRelease', size: 151_000 },
  { uri: 'http://deb.debian.org/debian', suite: 'bookworm-updates', file: 'deb.debian.org_debian_dists_bookworm-updates_InRelease', size: 55_400 },
  { uri: 'http://deb.debian.org/debian-security', suite: 'bookworm-security', file: 'deb.debian.org_debian-security_dists_bookworm-security_InRelease', size: 48_000 },
];

const RATE = 1_300_000;

export async function update(ctx: AptContext): Promise<number> {
  const fs = ctx.proc.host.fs;
  if (ctx.proc.cred.uid !== 0) {
    ctx.readingLists();
    ctx.error(ctx.m.lockOpen(`${LISTS}/lock`));
    ctx.error(ctx.m.lockDir(`${LISTS}/`));
    return 100;
  }
  ctx.cliWarning();
  let fetched = 0;
  let n = 0;
  for (const s of SOURCES) {
    n++;
    const path = `${LISTS}/${s.file}`;
    const what = `${s.uri} ${s.suite} InRelease`;
    if (fs.stat(path, ROOT).ok) {
      ctx.out(`${ctx.m.hit(n, what)}\n`);
      await ctx.proc.sleep(80_000_000);
    } else {
      ctx.out(`${ctx.m.get(n, what)} [${sizeToStr(s.size, ctx.fr)}${ctx.fr ? 'o' : 'B'}]\n`);
      await ctx.proc.sleep(Math.round((s.size / RATE) * 1e9));
      fs.mkdir(LISTS, ROOT, { parents: true, mode: 0o755 });
      fs.writeFile(path, `Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: ${s.suite}\n`, ROOT, { mode: 0o644 });
      fetched += s.size;
    }
  }
  const secs = fetched / RATE;
  if (fetched > 0) ctx.out(ctx.m.fetched(sizeToStr(fetched, ctx.fr), timeToStr(secs), sizeToStr(fetched / Math.max(secs, 0.001), ctx.fr)));
  ctx.readingLists();
  if (ctx.tool === 'apt') {
    ctx.step(ctx.m.buildingTree);
    ctx.step(ctx.m.readingState);
    ctx.out(ctx.m.upToDate);
  }
  return 0;
}
