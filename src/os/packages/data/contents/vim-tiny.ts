// GENERATED from the Debian 12 package vim-tiny (its text files under /etc, /lib/systemd, /usr/share/...):
// the files the package installs, byte for byte. Regenerate, do not edit.
export const CONTENTS: Readonly<Record<string, string>> = {
  "/etc/vim/vimrc.tiny": "\" Vim configuration file, in effect when invoked as \"vi\". The aim of this\n\" configuration file is to provide a Vim environment as compatible with the\n\" original vi as possible. Note that ~/.vimrc configuration files as other\n\" configuration files in the runtimepath are still sourced.\n\" When Vim is invoked differently (\"vim\", \"view\", \"evim\", ...) this file is\n\" _not_ sourced; /etc/vim/vimrc and/or /etc/vim/gvimrc are.\n\n\" Debian system-wide default configuration Vim\nset runtimepath=~/.vim,/var/lib/vim/addons,/usr/share/vim/vimfiles,/usr/share/vim/vim90,/usr/share/vim/vimfiles/after,/var/lib/vim/addons/after,~/.vim/after\n\nset compatible\n\n\" vim: set ft=vim:\n",
};
