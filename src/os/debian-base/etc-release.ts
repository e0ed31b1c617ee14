// Identity files of base-files 12.4+deb12u11 (Debian 12.11), verbatim.

export const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export const DEBIAN_VERSION = `12.11
`;

export const ETC_ISSUE = `Debian GNU/Linux 12 \\n \\l

`;

export const ETC_ISSUE_NET = `Debian GNU/Linux 12
`;

export const ETC_MOTD = `
The programs included with the Debian GNU/Linux system are free software;
the exact distribution terms for each program are described in the
individual files in /usr/share/doc/*/copyright.

Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent
permitted by applicable law.
`;

export const ETC_HOST_CONF = `multi on
`;

export const ETC_NSSWITCH_CONF = `# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the \`glibc-doc-reference' and \`info' packages installed, try:
# \`info libc "Name Service Switch"' for information about this file.

passwd:         files systemd
group:          files systemd
shadow:         files systemd
gshadow:        files systemd

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
`;

export const ETC_NETWORKS = `default		0.0.0.0
loopback	127.0.0.0
link-local	169.254.0.0

`;
