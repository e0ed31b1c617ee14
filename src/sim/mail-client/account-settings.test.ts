import { describe, expect, it } from 'vitest';
import { guessSettings, settingsProblems, switchProtocol } from './account-settings.ts';

describe('account guess (Thunderbird manual configuration)', () => {
  it('guesses imap./pop./smtp. of the domain, default ports, the user name without @domain', () => {
    expect(guessSettings('etudiant@mail112.com')).toEqual({
      address: 'etudiant@mail112.com', name: '', protocol: 'imap',
      incomingHost: 'imap.mail112.com', incomingPort: 143, outgoingHost: 'smtp.mail112.com', outgoingPort: 25,
      username: 'etudiant', password: '',
    });
    expect(guessSettings(' Foo@Mail12.COM ', 'pop3')).toMatchObject({ incomingHost: 'pop.mail12.com', incomingPort: 110, username: 'Foo' });
  });

  it('follows the protocol switch unless the user edited host or port (seed 004: popX.mailX.com)', () => {
    const guessed = guessSettings('etudiant@mail112.com', 'imap');
    expect(switchProtocol(guessed, 'pop3')).toMatchObject({ protocol: 'pop3', incomingHost: 'pop.mail112.com', incomingPort: 110 });
    const edited = { ...guessed, incomingHost: 'imap112.mail112.com' };
    expect(switchProtocol(edited, 'pop3')).toMatchObject({ incomingHost: 'imap112.mail112.com', incomingPort: 110 });
  });

  it('names what cannot be used', () => {
    expect(settingsProblems(guessSettings('etudiant@mail112.com'))).toEqual([]);
    expect(settingsProblems({ ...guessSettings('nobody'), incomingPort: 0, outgoingPort: 70000 })).toEqual(['address', 'incomingHost', 'incomingPort', 'outgoingHost', 'outgoingPort']);
    expect(settingsProblems({ ...guessSettings('a@b.c'), incomingHost: 'bad host', username: ' ' })).toEqual(['incomingHost', 'username']);
  });
});
