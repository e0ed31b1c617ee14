// Prompt strings (bash(1) "PROMPTING"): the backslash escapes of PS1/PS2 are decoded first,
// then the result is expanded like a double-quoted word (promptvars). Debian's PS1 from
// /etc/bash.bashrc and ~/.bashrc is `${debian_chroot:+($debian_chroot)}\u@\h:\w\$ `, which
// shows `root@S54:~# ` or `etudiant@debian-12-GNS3:/var/mail$ `. \[ and \] enclose
// non-printing sequences: they become readline's \x01/\x02 markers, dropped when drawn.
import { strftime } from '../commands/lib/strftime.ts';
import type { Locale } from '../commands/lib/locale.ts';

/** Debian's prompt (what /etc/bash.bashrc sets), used when no startup file sets one. */
export const DEBIAN_PS1 = '${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ';

export const IGNORE_START = '\x01';
export const IGNORE_END = '\x02';

export interface PromptInfo {
  user: string;
  hostname: string;
  uid: number;
  pwd: string;
  home: string | undefined;
  shell: string;
  /** Wall-clock ms for \t \d \@ \A \D{}. */
  nowMs: number;
  locale: Locale;
  jobs: number;
  tty: string;
  historyNumber: number;
  commandNumber: number;
}

function tildeDir(pwd: string, home: string | undefined): string {
  if (home && home !== '/' && (pwd === home || pwd.startsWith(home + '/'))) return '~' + pwd.slice(home.length);
  return pwd;
}

/** Decodes the backslash escapes of a prompt string. */
export function decodePrompt(ps: string, info: PromptInfo): string {
  let out = '';
  for (let i = 0; i < ps.length; i++) {
    const c = ps[i];
    if (c !== '\\' || i + 1 >= ps.length) {
      out += c;
      continue;
    }
    const n = ps[++i];
    switch (n) {
      case 'u':
        out += info.user;
        break;
      case 'h':
        out += info.hostname.split('.')[0];
        break;
      case 'H':
        out += info.hostname;
        break;
      case 'w':
        out += tildeDir(info.pwd, info.home);
        break;
      case 'W': {
        const t = tildeDir(info.pwd, info.home);
        out += t === '~' || t === '/' ? t : t.slice(t.lastIndexOf('/') + 1);
        break;
      }
      case '$':
        out += info.uid === 0 ? '#' : '$';
        break;
      case 's':
        out += info.shell;
        break;
      case 'v':
        out += '5.2';
        break;
      case 'V':
        out += '5.2.15';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case '[':
        out += IGNORE_START;
        break;
      case ']':
        out += IGNORE_END;
        break;
      case 'j':
        out += String(info.jobs);
        break;
      case 'l':
        out += info.tty.slice(info.tty.lastIndexOf('/') + 1);
        break;
      case '!':
        out += String(info.historyNumber);
        break;
      case '#':
        out += String(info.commandNumber);
        break;
      case 't':
        out += strftime('%H:%M:%S', info.nowMs, info.locale);
        break;
      case 'T':
        out += strftime('%I:%M:%S', info.nowMs, info.locale);
        break;
      case '@':
        out += strftime('%I:%M %p', info.nowMs, info.locale);
        break;
      case 'A':
        out += strftime('%H:%M', info.nowMs, info.locale);
        break;
      case 'd':
        out += strftime('%a %b %d', info.nowMs, info.locale);
        break;
      case 'D': {
        const end = ps.indexOf('}', i);
        if (ps[i + 1] === '{' && end > 0) {
          const fmt = ps.slice(i + 2, end);
          out += strftime(fmt === '' ? '%X' : fmt, info.nowMs, info.locale);
          i = end;
        } else out += '\\D';
        break;
      }
      default:
        if (/[0-7]/.test(n)) {
          let digits = n;
          while (digits.length < 3 && /[0-7]/.test(ps[i + 1] ?? '')) digits += ps[++i];
          out += String.fromCharCode(parseInt(digits, 8));
        } else out += '\\' + n;
    }
  }
  return out;
}

/** What the terminal is sent: the markers removed. */
export function promptText(expanded: string): string {
  return expanded.replace(/[\x01\x02]/g, '');
}

/** The number of columns the prompt takes: marked parts and escape sequences are invisible. */
export function promptWidth(expanded: string): number {
  const visible = expanded
    .replace(/\x01[^\x02]*\x02/g, '')
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07]*\x07/g, '');
  const lastLine = visible.slice(visible.lastIndexOf('\n') + 1).replace(/[\x00-\x1f]/g, '');
  return [...lastLine].length;
}
