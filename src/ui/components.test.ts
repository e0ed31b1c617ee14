// The page's components rendered as the server renderer prints them (no DOM needed): what they
// show, in which language, and that text from the simulation or from files stays text.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import MessageView from './mail/MessageView.svelte';
import { mailTexts } from './mail/mail-i18n.ts';
import routeurYaml from '../../scenarios/tp-smtp-routeur.yaml?raw';

const MARKUP = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

describe('MessageView', () => {
  it('shows a mail\'s headers and body as text, markup escaped', () => {
    const message = {
      id: '1', from: `Eve ${MARKUP}`, to: 'foo@mail12.com', subject: `Sujet ${MARKUP}`, date: 'Mon, 05 Jan 2026 08:00:00 +0000',
      headers: [['Subject', `Sujet ${MARKUP}`]], body: `Bonjour\n${MARKUP}\n`, seen: false,
    };
    const { body } = render(MessageView, { props: { message: message as never, t: mailTexts('fr'), ondelete: () => {}, busy: false } });
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;img src=x onerror="window.__xss=1">');
    expect(body).toContain('Sujet');
    expect(body).toContain('Supprimer');
  });
});

describe('StepsPanel', () => {
  it('lists the scenario\'s steps in the page\'s language, none done before any check ran', async () => {
    const { lab } = await import('./lab-state.svelte.ts');
    const { loadScenario } = await import('../sim/scenario-facade.ts');
    const StepsPanel = (await import('./StepsPanel.svelte')).default;
    const loaded = loadScenario(routeurYaml, 'tp-smtp-routeur.yaml', {});
    if (!loaded.ok) throw new Error('tp-smtp-routeur does not load');
    lab.scenario = loaded.scenario;
    const total = loaded.scenario.steps.length;
    lab.locale = 'fr';
    const fr = render(StepsPanel).body;
    expect(fr).toContain('Installer Postfix et mailutils');
    expect(fr).toContain(`0/${total}`);
    expect(fr).not.toContain('✓');
    lab.locale = 'en';
    expect(render(StepsPanel).body).toContain('Install Postfix and mailutils');
    lab.locale = 'fr';
    lab.scenario = null;
  });
});

describe('HostSheet', () => {
  it('shows the selected host\'s interfaces, forwarding, routes, services and ports, names as text', async () => {
    const { lab } = await import('./lab-state.svelte.ts');
    const HostSheet = (await import('./HostSheet.svelte')).default;
    const info = {
      name: 'SMTP', hostname: `smtp${MARKUP}`, role: 'mail', forwarding: false,
      interfaces: [{ name: 'eth0', mac: '18:a9:05:2e:e0:b7', up: true, loopback: false, addresses: ['192.168.0.28/24'] }],
      routes: ['default via 192.168.0.128 dev eth0 proto static'],
      services: [{ name: 'postfix.service', activeState: 'active', subState: 'exited' }],
      listening: [{ proto: 'tcp', local: '0.0.0.0:25', program: 'master' }],
    };
    const original = lab.hostInfo;
    lab.hostInfo = (name: string) => (name === 'SMTP' ? (info as never) : null);
    lab.selectedHost = 'SMTP';
    try {
      const body = render(HostSheet).body;
      for (const text of ['192.168.0.28/24', 'default via 192.168.0.128 dev eth0', 'postfix.service', '0.0.0.0:25', 'désactivé', 'serveur de messagerie']) expect(body).toContain(text);
      expect(body).not.toContain('<img');
      expect(body).not.toContain('<script>');
    } finally {
      lab.hostInfo = original;
      lab.selectedHost = null;
    }
  });
});

describe('ScenarioPicker', () => {
  it('lists every bundled scenario by name', async () => {
    const ScenarioPicker = (await import('./ScenarioPicker.svelte')).default;
    const body = render(ScenarioPicker, { props: { onloaded: () => {} } }).body;
    for (const file of ['tp-smtp-routeur.yaml', 'tp-dns-postfix.yaml', 'tp-protocoles.yaml', 'tp-services-reseaux.yaml']) {
      expect(body).toContain(`data-file="scenarios/${file}"`);
    }
    expect(body).toContain('TP SMTP - client, DHCP, routeur et serveur de messagerie');
  });
});
