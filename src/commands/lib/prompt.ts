// Yes/no questions on stdin (rm -i, cp -i, mv -i): read one line, rpmatch() decides; French
// accepts o/O as well as y/Y, as glibc's fr_FR yesexpr does.
import type { Process } from '../../os/program.ts';
import type { Locale } from './locale.ts';

export async function readReply(proc: Process): Promise<string | null> {
  let line = '';
  for (;;) {
    const chunk = await proc.stdin.read();
    if (chunk === null) return line === '' ? null : line;
    const text = new TextDecoder().decode(chunk);
    const nl = text.indexOf('\n');
    if (nl >= 0) return line + text.slice(0, nl);
    line += text;
  }
}

export async function askYes(proc: Process, question: string, loc: Locale): Promise<boolean> {
  proc.stderr.write(question);
  const reply = await readReply(proc);
  if (reply === null) return false;
  return loc.fr ? /^[oOyY]/.test(reply) : /^[yY]/.test(reply);
}
