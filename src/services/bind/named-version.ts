// BIND's version strings as Debian 12's bind9 package prints them (dns/dig/dig_version.txt,
// named_startup_syslog.txt, rndc/rndc.txt).
export const NAMED_VERSION_TXT = '9.18.49-1~deb12u3-Debian';
export const NAMED_VERSION_LINE = `BIND ${NAMED_VERSION_TXT} (Extended Support Version) <id:>`;
/** `uname -srmv`-like text named prints after "running on". */
export const NAMED_RUNNING_ON = 'Linux x86_64 6.18.44-fc-v769 #1 SMP PREEMPT_DYNAMIC @0';
export const NAMED_BUILT_WITH =
  "'--build=x86_64-linux-gnu' '--prefix=/usr' '--includedir=${prefix}/include' '--mandir=${prefix}/share/man' '--infodir=${prefix}/share/info' '--sysconfdir=/etc' '--localstatedir=/var' '--disable-option-checking' '--disable-silent-rules' '--libdir=${prefix}/lib/x86_64-linux-gnu' '--runstatedir=/run' '--disable-maintainer-mode' '--disable-dependency-tracking' '--libdir=/usr/lib/x86_64-linux-gnu' '--sysconfdir=/etc/bind' '--with-python=python3' '--localstatedir=/' '--enable-threads' '--enable-largefile' '--with-libtool' '--enable-shared' '--disable-static' '--with-gost=no' '--with-openssl=/usr' '--with-gssapi=yes' '--with-libidn2' '--with-json-c' '--with-lmdb=/usr' '--with-gnu-ld' '--with-maxminddb' '--with-atf=no' '--enable-ipv6' '--enable-rrl' '--enable-filter-aaaa' '--disable-native-pkcs11' '--enable-dnstap' 'build_alias=x86_64-linux-gnu' 'CFLAGS=-g -O2 -ffile-prefix-map=/build/reproducible-path/bind9-9.18.49=. -fstack-protector-strong -Wformat -Werror=format-security -fno-strict-aliasing -fno-delete-null-pointer-checks -DNO_VERSION_DATE -DDIG_SIGCHASE' 'LDFLAGS=-Wl,-z,relro -Wl,-z,now' 'CPPFLAGS=-Wdate-time -D_FORTIFY_SOURCE=2'";

/** The empty zones BIND 9.18 creates automatically (RFC 6303), in its log order. */
export const AUTOMATIC_EMPTY_ZONES: readonly string[] = [
  '10.IN-ADDR.ARPA',
  ...Array.from({ length: 16 }, (_, i) => `${16 + i}.172.IN-ADDR.ARPA`),
  '168.192.IN-ADDR.ARPA',
  ...Array.from({ length: 64 }, (_, i) => `${64 + i}.100.IN-ADDR.ARPA`),
  '254.169.IN-ADDR.ARPA',
  '2.0.192.IN-ADDR.ARPA',
  '100.51.198.IN-ADDR.ARPA',
  '113.0.203.IN-ADDR.ARPA',
  '255.255.255.255.IN-ADDR.ARPA',
  '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.IP6.ARPA',
  '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.IP6.ARPA',
  'D.F.IP6.ARPA',
  '8.E.F.IP6.ARPA',
  '9.E.F.IP6.ARPA',
  'A.E.F.IP6.ARPA',
  'B.E.F.IP6.ARPA',
  '8.B.D.0.1.0.0.2.IP6.ARPA',
  'EMPTY.AS112.ARPA',
  'HOME.ARPA',
  'RESOLVER.ARPA',
];
