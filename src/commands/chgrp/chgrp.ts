// chgrp(1): chown's engine with a GROUP operand (see chown/chown.ts).
import { makeChown } from '../chown/chown.ts';

export const chgrp = makeChown('chgrp');
