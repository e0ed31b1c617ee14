// /etc/adduser.conf and /etc/deluser.conf of adduser 3.134 (Debian 12), verbatim.

export const ETC_ADDUSER_CONF = `# /etc/adduser.conf: \`adduser' configuration.
# See adduser(8) and adduser.conf(5) for full documentation.

# A commented out setting indicates that this is the default in the
# code. If you need to change those settings, remove the comment and
# make your intended change.

# The login shell to be used for all new users.
# Default: DSHELL=/bin/bash
#DSHELL=/bin/bash

# The directory in which new home directories should  be  created.
# Default: DHOME=/home
# DHOME=/home

# The directory from which skeletal user configuration files
# will be copied.
# Default: SKEL=/etc/skel
#SKEL=/etc/skel

# Specify inclusive ranges of UIDs and GIDs from which UIDs and GIDs
# for system users, system groups, non-system users and non-system groups
# can be dynamically allocated.
# Default: FIRST_SYSTEM_UID=100, LAST_SYSTEM_UID=999
#FIRST_SYSTEM_UID=100
#LAST_SYSTEM_UID=999

# Default: FIRST_SYSTEM_GID=100, LAST_SYSTEM_GID=999
#FIRST_SYSTEM_GID=100
#LAST_SYSTEM_GID=999

# Default: FIRST_UID=1000, LAST_UID=59999
#FIRST_UID=1000
#LAST_UID=59999

# Default: FIRST_GID=1000, LAST_GID=59999
#FIRST_GID=1000
#LAST_GID=59999

# Specify a file or a directory containing UID and GID pool.
#UID_POOL=/etc/adduser-pool.conf
#UID_POOL=/etc/adduser-pool.d/
#GID_POOL=/etc/adduser-pool.conf
#GID_POOL=/etc/adduser-pool.d/

# Specify whether each created non-system user will be
# given their own group to use.
# Default: USERGROUPS=yes
#USERGROUPS=yes

# Defines the groupname or GID of the group all newly-created
# non-system users are placed into.
# It is a configuration error to define both variables
# even if the values are consistent.
# Default: USERS_GID=undefined, USERS_GROUP=users
#USERS_GID=100
#USERS_GROUP=users

# The permissions mode for home directories of non-system users.
# Default: DIR_MODE=0700
#DIR_MODE=0700

# The permissions mode for home directories of system users.
# Default: SYS_DIR_MODE=0755
#SYS_DIR_MODE=0755

# If set to a nonempty value, new users will have quotas copied
# from that user with \`edquota -p QUOTAUSER newuser'
# Default: QUOTAUSER=""
#QUOTAUSER=""

# Non-system user- and groupnames are checked against this regular
# expression.
# Default: NAME_REGEX="^[a-z][-a-z0-9_]*\\$?$"
#NAME_REGEX="^[a-z][-a-z0-9_]*\\$?$"

# System user- and groupnames are checked against this regular
# expression.
# Default: SYS_NAME_REGEX="^[a-z_][-a-z0-9_]*\\$?$"
#SYS_NAME_REGEX="^[a-z_][-a-z0-9_]*\\$?$"

# When populating the newly created home directory of a non-system user,
# files in SKEL matching this regex are not copied.
# Default: SKEL_IGNORE_REGEX="\\.(dpkg|ucf)-(old|new|dist|save)$"
#SKEL_IGNORE_REGEX="\\.(dpkg|ucf)-(old|new|dist|save)$"

# list of groups that new non-system users will be added to
# if ADD_EXTRA_GROUPS is non-zero or set on the command line.
# Default: EXTRA_GROUPS="users"
#EXTRA_GROUPS="users"

# Setting this to something other than 0 will cause adduser to add
# newly created non-system users to the list of groups defined by
# EXTRA_GROUPS.
# Default: ADD_EXTRA_GROUPS=0
#ADD_EXTRA_GROUPS=0

`;

export const ETC_DELUSER_CONF = `# /etc/deluser.conf: \`deluser' configuration.
# See deluser(8) and deluser.conf(5) for full documentation.

# A commented out setting indicates that this is the default in the
# code. If you need to change those settings, remove the comment and
# make your intended change.

# Remove home directory and mail spool when user is removed
# Default: REMOVE_HOME = 0
#REMOVE_HOME = 0

# Remove all files on the system owned by the user to be removed
# Default: REMOVE_ALL_FILES = 0
#REMOVE_ALL_FILES = 0

# Backup files before removing them. This options has only an effect if
# REMOVE_HOME or REMOVE_ALL_FILES is set.
# Default: BACKUP = 0
#BACKUP = 0

# Target directory for the backup file
# Default: BACKUP_TO = "."
#BACKUP_TO = "."

# Select compression (from tar --auto-compress) for backups
# Default: BACKUP_SUFFIX = .gz
#BACKUP_SUFFIX = .gz

# Space-Separated list of regular expressions. Do not delete files
# matching any of these.
# Default: NO_DEL_PATHS="^/bin\\$ ^/boot\\$ ^/dev\\$ ^/etc\\$ ^/initrd ^/lib ^/lost+found\\$ ^/media\\$ ^/mnt\\$ ^/opt\\$ ^/proc\\$ ^/root\\$ ^/run\\$ ^/sbin\\$ ^/srv\\$ ^/sys\\$ ^/tmp\\$ ^/usr\\$ ^/var\\$ ^/vmlinu"
#NO_DEL_PATHS="^/bin\\$ ^/boot\\$ ^/dev\\$ ^/etc\\$ ^/initrd ^/lib ^/lost+found\\$ ^/media\\$ ^/mnt\\$ ^/opt\\$ ^/proc\\$ ^/root\\$ ^/run\\$ ^/sbin\\$ ^/srv\\$ ^/sys\\$ ^/tmp\\$ ^/usr\\$ ^/var\\$ ^/vmlinu"

# Only delete a group if there are no users belonging to this group.
# Default: ONLY_IF_EMPTY = 0
#ONLY_IF_EMPTY = 0

# Single regular expression which describes filesystems types which should
# be excluded when looking for files of a user to be deleted.
# Default: EXCLUDE_FSTYPES = "(proc|sysfs|usbfs|devpts|tmpfs|afs)"
#EXCLUDE_FSTYPES = "(proc|sysfs|usbfs|devpts|tmpfs|afs)"
`;
