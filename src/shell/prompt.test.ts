// PS1 escapes as bash decodes them.
import { describe, it, expect } from 'vitest';
import { DEBIAN_PS1, decodePrompt, promptText, promptWidth, type PromptInfo } from './prompt.ts';

const info = (over: Partial<PromptInfo> = {}): PromptInfo => ({
  user: 'root', hostname: 'S54.tp541.iut', uid: 0, pwd: '/root', home: '/root', shell: 'bash',
  nowMs: Date.UTC(2022, 10, 7, 12, 57, 45), locale: { fr: false, utf8: true }, jobs: 0, tty: 'pts/0',
  historyNumber: 12, commandNumber: 3, ...over,
});

describe('prompt', () => {
  it('gives the prompts of the seeds', () => {
    expect(decodePrompt('\\u@\\h:\\w\\$ ', info())).toBe('root@S54:~# ');
    expect(decodePrompt('\\u@\\h:\\w\\$ ', info({ user: 'etudiant', uid: 1000, hostname: 'debian-12-GNS3', pwd: '/var/mail', home: '/home/etudiant' }))).toBe(
      'etudiant@debian-12-GNS3:/var/mail$ ',
    );
    expect(decodePrompt('\\u@\\h:\\w\\$ ', info({ pwd: '/root/tp' }))).toBe('root@S54:~/tp# ');
    expect(DEBIAN_PS1).toBe('${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ');
  });

  it('decodes the other escapes', () => {
    expect(decodePrompt('\\H \\W \\s-\\v \\t \\A \\! \\# \\j \\l \\\\', info({ pwd: '/etc/postfix' }))).toBe('S54.tp541.iut postfix bash-5.2 12:57:45 12:57 12 3 0 0 \\');
    expect(decodePrompt('\\d', info())).toBe('Mon Nov 07');
  });

  it('measures the prompt without its non-printing parts', () => {
    const colour = decodePrompt('\\[\\e[01;32m\\]\\u@\\h\\[\\e[00m\\]:\\w\\$ ', info());
    expect(promptText(colour)).toBe('\x1b[01;32mroot@S54\x1b[00m:~# ');
    expect(promptWidth(colour)).toBe(12);
    expect(promptWidth('line1\nab$ ')).toBe(4);
  });
});
