// strerror(3) of glibc for the errors the network stack reports (NetError), as the programs print
// them: "ping: connect: Network is unreachable", "RTNETLINK answers: File exists".
import type { NetError } from '../../stack/transport.ts';

const TEXT: Record<NetError, string> = {
  ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ECONNRESET: 'Connection reset by peer',
  ECONNABORTED: 'Software caused connection abort',
  EPIPE: 'Broken pipe',
  EINVAL: 'Invalid argument',
  EISCONN: 'Transport endpoint is already connected',
  ENOTCONN: 'Transport endpoint is not connected',
  EMSGSIZE: 'Message too long',
  EACCES: 'Permission denied',
  ENODEV: 'No such device',
  EEXIST: 'File exists',
  ESRCH: 'No such process',
};

export function netStrerror(e: NetError): string {
  return TEXT[e];
}
