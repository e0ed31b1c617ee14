// The host as dpkg's maintainer scripts see it, from the program running them: its files,
// name and clock, the service manager, its terminal for dpkg's lines, and a way to run the
// host's own programs (postfix's postinst runs newaliases).
import type { DpkgHost } from '../../os/packages/dpkg.ts';
import { servicesOf } from '../../os/services/host-services.ts';
import type { OutputStream, Process } from '../../os/program.ts';
import { isFrench } from '../debconf/texts.ts';

const dec = new TextDecoder();

export function dpkgHost(proc: Process, out: OutputStream = proc.stdout): DpkgHost {
  return {
    fs: proc.host.fs,
    hostname: proc.host.hostname,
    now: () => proc.host.wallTimeMs(),
    services: servicesOf(proc.host),
    out: (t) => {
      if (t !== '') out.write(t);
    },
    fr: isFrench(proc.env),
    tty: out.tty !== null,
    async run(argv) {
      // A program the simulator does not implement yet stays silent here, as the real one
      // would have said nothing on success.
      const errs: Uint8Array[] = [];
      const sink: OutputStream = {
        tty: null,
        write: (d) => errs.push(typeof d === 'string' ? new TextEncoder().encode(d) : d),
        close() {},
      };
      const child = proc.spawn(argv, { stdout: out, stderr: sink });
      if ('error' in child) return null;
      const code = await child.wait();
      const text = errs.map((b) => dec.decode(b)).join('');
      if (!/not implemented in this simulator yet/.test(text)) proc.stderr.write(text);
      return code;
    },
  };
}
