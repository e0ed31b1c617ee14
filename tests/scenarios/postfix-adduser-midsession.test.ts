// Seed 000: the RCPT TO for `smtp` fails until the student runs `adduser smtp`. Postfix asks the
// passwd table at each RCPT (through proxymap), so the same telnet session succeeds right after.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { bootScenario, playScript } from '../support/lab-session.ts';

const FILE = 'tests/scenarios/fixtures/mail-server.yaml';

describe('a user added while an SMTP session is open', () => {
  it('is refused before adduser and accepted after it, in the same session', async () => {
    const sim = await bootScenario(readFileSync(FILE, 'utf8'), FILE, { seed: 5 });
    const script = [
      '@CLIENT',
      'telnet 192.168.0.1 25',
      '@wait 1',
      'HELO client',
      '@wait 1',
      'MAIL FROM:<toto@mail128.com>',
      '@wait 1',
      'RCPT TO:<smtp@mail128.com>',
      '@wait 1',
      '@expect 550 5.1.1 <smtp@mail128.com>: Recipient address rejected: User unknown in local recipient table',
      '@MAIL',
      'adduser --disabled-password --gecos "" smtp',
      '@wait 2',
      '@CLIENT',
      'RCPT TO:<smtp@mail128.com>',
      '@wait 1',
      '@expect 250 2.1.5 Ok',
      'QUIT',
      '@wait 1',
    ];
    await playScript(sim, script);
  });
});
