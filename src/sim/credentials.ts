import type { Credentials } from '../os/fs/types.ts';

export const ROOT_CREDENTIALS: Credentials = { uid: 0, gid: 0, groups: [0] };
