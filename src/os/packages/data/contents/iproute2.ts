// GENERATED from the Debian 12 package iproute2 (its text files under /etc, /lib/systemd, /usr/share/...):
// the files the package installs, byte for byte. Regenerate, do not edit.
export const CONTENTS: Readonly<Record<string, string>> = {
  "/etc/iproute2/bpf_pinning": "#\n# subpath mappings from mount point for pinning\n#\n#3\ttracing\n#4\tfoo/bar\n#5\ttc/cls1\n",
  "/etc/iproute2/ematch_map": "# lookup table for ematch kinds\n1\tcmp\n2\tnbyte\n3\tu32\n4\tmeta\n7\tcanid\n8\tipset\n9\tipt\n",
  "/etc/iproute2/group": "# device group names\n0\tdefault\n",
  "/etc/iproute2/nl_protos": "# Netlink protocol names mapping\n\n0   rtnl\n1   unused\n2   usersock\n3   fw\n4   tcpdiag\n5   nflog\n6   xfrm\n7   selinux\n8   iscsi\n9   audit\n10  fiblookup\n11  connector\n12  nft\n13  ip6fw\n14  dec-rt\n15  uevent\n16  genl\n18  scsi-trans\n19  ecryptfs\n20  rdma\n21  crypto\n",
  "/etc/iproute2/rt_dsfield": "# Differentiated field values\n# These include the DSCP and unused bits\n0x0\tdefault\n# Newer RFC2597 values\n0x28\tAF11\n0x30\tAF12\n0x38\tAF13\n0x48\tAF21\n0x50\tAF22\n0x58\tAF23\n0x68\tAF31\n0x70\tAF32\n0x78\tAF33\n0x88\tAF41\n0x90\tAF42\n0x98\tAF43\n# Older values RFC2474\n0x20\tCS1\n0x40\tCS2\n0x60\tCS3\n0x80\tCS4\n0xA0\tCS5\n0xC0\tCS6\n0xE0\tCS7\n# RFC 2598\n0xB8\tEF\n",
  "/etc/iproute2/rt_protos": "#\n# Reserved protocols.\n#\n0\tunspec\n1\tredirect\n2\tkernel\n3\tboot\n4\tstatic\n8\tgated\n9\tra\n10\tmrt\n11\tzebra\n12\tbird\n13\tdnrouted\n14\txorp\n15\tntk\n16\tdhcp\n18\tkeepalived\n42\tbabel\n99\topenr\n186\tbgp\n187\tisis\n188\tospf\n189\trip\n192\teigrp\n",
  "/etc/iproute2/rt_protos.d/README": "Each file in this directory is an rt_protos configuration file. iproute2\ncommands scan this directory processing all files that end in '.conf'.\n",
  "/etc/iproute2/rt_realms": "#\n# reserved values\n#\n0\tcosmos\n#\n# local\n#\n#1\tinr.ac\n#2\tinr.ruhep\n#3\tfreenet\n#4\tradio-msu\n#5\trussia\n#6\tinternet\n",
  "/etc/iproute2/rt_scopes": "#\n# reserved values\n#\n0\tglobal\n255\tnowhere\n254\thost\n253\tlink\n#\n# pseudo-reserved\n#\n200\tsite\n",
  "/etc/iproute2/rt_tables": "#\n# reserved values\n#\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n#\n# local\n#\n#1\tinr.ruhep\n",
  "/etc/iproute2/rt_tables.d/README": "Each file in this directory is an rt_tables configuration file. iproute2\ncommands scan this directory processing all files that end in '.conf'.\n",
};
