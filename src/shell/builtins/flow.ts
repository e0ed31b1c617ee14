// exit, logout, return, break, continue: they unwind the interpreter (interp/control.ts).
import { BreakFlow, ContinueFlow, ReturnFlow } from '../interp/control.ts';
import type { Builtin, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';

/** A status argument: null after printing "numeric argument required". */
function statusArg(sh: ShellApi, io: FdTable, name: string, arg: string | undefined): number | null {
  if (arg === undefined) return sh.lastStatus;
  if (!/^\s*[+-]?\d+\s*$/.test(arg)) {
    if (sh.dash) sh.error(io, `${name}: Illegal number: ${arg}`);
    else sh.builtinError(io, name, sh.msg.t('%s: numeric argument required', arg));
    return null;
  }
  return Number(BigInt.asUintN(8, BigInt(arg.trim())));
}

export const exitBuiltin: Builtin = (sh, argv, io) => {
  if (argv.length > 2 && !sh.dash) {
    sh.builtinError(io, argv[0], sh.msg.t('too many arguments'));
    if (sh.interactive) return 1;
    return sh.exitShell(1);
  }
  const status = statusArg(sh, io, argv[0], argv[1]);
  // bash announces the end of an interactive shell ("logout" for a login shell).
  if (sh.interactive && !sh.dash) io.stderr.write(sh.login ? sh.msg.t('logout\n') : 'exit\n');
  return sh.exitShell(status === null ? 2 : status);
};

export const logoutBuiltin: Builtin = (sh, argv, io) => {
  if (!sh.login) {
    sh.builtinError(io, 'logout', sh.msg.t("not login shell: use `exit'"));
    return 1;
  }
  return exitBuiltin(sh, argv, io);
};

export const returnBuiltin: Builtin = (sh, argv, io) => {
  if (!sh.canReturn) {
    sh.builtinError(io, 'return', sh.msg.t("can only `return' from a function or sourced script"));
    return 2;
  }
  const status = statusArg(sh, io, 'return', argv[1]);
  throw new ReturnFlow(status === null ? 2 : status);
};

function loopControl(flow: typeof BreakFlow | typeof ContinueFlow): Builtin {
  return (sh, argv, io) => {
    const name = argv[0];
    let n = 1;
    if (argv[1] !== undefined) {
      if (!/^\s*[+-]?\d+\s*$/.test(argv[1])) {
        sh.builtinError(io, name, sh.msg.t('%s: numeric argument required', argv[1]));
        if (sh.loopDepth === 0) return 1;
        throw new flow(sh.loopDepth);
      }
      n = Number(argv[1]);
      if (n < 1) {
        sh.builtinError(io, name, sh.msg.t('%s: %s out of range', argv[1], sh.msg.t('loop count')));
        if (sh.loopDepth === 0) return 1;
        throw new BreakFlow(1);
      }
    }
    if (sh.loopDepth === 0) {
      if (!sh.dash) sh.builtinError(io, name, sh.msg.t("only meaningful in a `for', `while', or `until' loop"));
      return 0;
    }
    throw new flow(Math.min(n, sh.loopDepth));
  };
}

export const breakBuiltin = loopControl(BreakFlow);
export const continueBuiltin = loopControl(ContinueFlow);
