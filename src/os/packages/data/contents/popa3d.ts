// GENERATED from the Debian 12 package popa3d (its text files under /etc, /lib/systemd, /usr/share/...):
// the files the package installs, byte for byte. Regenerate, do not edit.
export const CONTENTS: Readonly<Record<string, string>> = {
  "/etc/pam.d/popa3d": "# PAM configuration for popa3d\n\n@include common-auth\n@include common-account\n",
};
