// GENERATED from the Debian 12 package mysql-common (its text files under /etc, /lib/systemd, /usr/share/...):
// the files the package installs, byte for byte. Regenerate, do not edit.
export const CONTENTS: Readonly<Record<string, string>> = {
  "/etc/mysql/conf.d/mysql.cnf": "[mysql]\n",
  "/etc/mysql/conf.d/mysqldump.cnf": "[mysqldump]\nquick\nquote-names\nmax_allowed_packet\t= 16M\n",
  "/etc/mysql/my.cnf.fallback": "#\n# The MySQL database server configuration file.\n#\n# You can copy this to one of:\n# - \"/etc/mysql/my.cnf\" to set global options,\n# - \"~/.my.cnf\" to set user-specific options.\n# \n# One can use all long options that the program supports.\n# Run program with --help to get a list of available options and with\n# --print-defaults to see which it would actually understand and use.\n#\n# For explanations see\n# http://dev.mysql.com/doc/mysql/en/server-system-variables.html\n\n# This will be passed to all mysql clients\n# It has been reported that passwords should be enclosed with ticks/quotes\n# escpecially if they contain \"#\" chars...\n# Remember to edit /etc/mysql/debian.cnf when changing the socket location.\n\n# Here is entries for some specific programs\n# The following values assume you have at least 32M ram\n\n!includedir /etc/mysql/conf.d/\n",
};
