// `netsim dissect FILE.pcap|FILE.pcapng [-Y FILTER] [-V] [-q] [-z ...]`: what `tshark -r` prints
// with the same options, so any capture (ours or a real one) can be compared line by line.
import { readFile } from 'node:fs/promises';
import { dissectCapture, formatSummaryLine, type SummaryRow } from '../capture/dissect-capture.ts';
import { displayedTrees } from '../capture/displayed-trees.ts';
import { compileFilter } from '../capture/filter/compile-filter.ts';
import { readCapture, type ImportedFrame } from '../capture/pcap-reader.ts';
import {
  conversations, conversationsTcp, endpoints, expertInfo, flowGraph, followTcp, formatFlowGraph,
  type ConversationKind, type EndpointKind, type FlowAddressMode, type FlowKind,
} from '../capture/views/index.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './io.ts';

export const DISSECT_USAGE = 'dissect FILE.pcap [-Y FILTER] [-V] [-z STAT]...   print a capture as tshark -r does';

const HELP = `Usage: netsim dissect FILE.pcap|FILE.pcapng [-Y FILTER] [-V] [-q] [-z STAT]...

Print a capture as 'tshark -r FILE' prints it with the same options: one
summary line per packet (No., Time, Source, Destination, Protocol, Length, Info).

Options:
  -r FILE        the capture to read (the file may also be given alone)
  -Y FILTER      show only the packets the display filter selects (their
                 numbers stay those of the file)
  -V             print the detail tree of each packet instead of its line
  -q             print no packets, only the -z statistics
  -z STAT        statistics after the packets, as tshark prints them:
                 follow,tcp,ascii,N  follow,tcp,hex,N  expert
                 conv,eth|ip|tcp|udp  endpoints,eth|ip|tcp|udp
                 flow,any|tcp,standard|network
  -h, --help     show this help

Exit status: 0 done, 1 the file is missing, unreadable or damaged (the
packets before the damage are printed first), 2 bad options or filter.`;

const STATS = [/^follow,tcp,(ascii|hex),(\d+)$/, /^conv,(eth|ip|tcp|udp)$/, /^endpoints,(eth|ip|tcp|udp)$/, /^flow,(any|tcp),(standard|network)$/, /^expert$/];

interface Options {
  file: string;
  filter: string;
  verbose: boolean;
  quiet: boolean;
  stats: string[];
}

export async function dissect(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, io);
  if (typeof parsed === 'number') return parsed;

  const compiled = compileFilter(parsed.filter);
  if (!compiled.ok) {
    // tshark's own lines: the message, then the filter with a caret under the faulty part.
    const lines = [`tshark: ${compiled.message}`];
    if (compiled.end > compiled.start) {
      lines.push(`    ${parsed.filter}`, `    ${' '.repeat(compiled.start)}^${'~'.repeat(compiled.end - compiled.start - 1)}`);
    }
    io.err(lines.join('\n'));
    return EXIT_USAGE;
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(parsed.file));
  } catch (e) {
    io.err(`netsim dissect: ${cannotRead(parsed.file, e)}`);
    return EXIT_FAILURE;
  }
  const read = readCapture(bytes);
  const rows = dissectCapture(read.frames);

  if (!parsed.quiet) {
    const shown = rows.filter((row, i) => compiled.filter({ ...row, bytes: read.frames[i].bytes }));
    // `tshark -V`: each tree followed by a blank line.
    if (parsed.verbose) for (const tree of displayedTrees(shown, read.frames)) io.out(tree + '\n');
    else for (const row of shown) io.out(formatSummaryLine(row));
  }
  printStats(parsed.stats, rows, read.frames, io);

  if (read.error !== undefined) {
    // tshark names the file in its message: `The file "x.pcap" appears to have been cut short ...`.
    io.err(`netsim dissect: ${read.error.replace(/^The file /, `The file "${parsed.file}" `)}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

function parseArgs(args: readonly string[], io: Io): Options | number {
  const opts: Options = { file: '', filter: '', verbose: false, quiet: false, stats: [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.out(HELP);
      return EXIT_OK;
    }
    if (arg === '-V') opts.verbose = true;
    else if (arg === '-q') opts.quiet = true;
    else if (arg === '-Y' || arg === '-z' || arg === '-r') {
      const value = args[++i];
      if (value === undefined) {
        io.err(`netsim dissect: option ${arg} needs a value\n${HELP}`);
        return EXIT_USAGE;
      }
      if (arg === '-Y') opts.filter = value;
      else if (arg === '-r') files.push(value);
      else if (STATS.some((re) => re.test(value))) opts.stats.push(value);
      else {
        io.err(`netsim dissect: invalid -z argument '${value}' (expected follow,tcp,ascii,N  follow,tcp,hex,N  conv,eth|ip|tcp|udp  endpoints,eth|ip|tcp|udp  flow,any|tcp,standard|network  expert)`);
        return EXIT_USAGE;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      io.err(`netsim dissect: unknown option '${arg}'\n${HELP}`);
      return EXIT_USAGE;
    } else files.push(arg);
  }
  if (files.length !== 1) {
    io.err(`netsim dissect: ${files.length === 0 ? 'no capture file given' : 'one capture file at a time'}\n${HELP}`);
    return EXIT_USAGE;
  }
  opts.file = files[0];
  return opts;
}

/** tshark prints the -z blocks after the packets, the last one asked for first. */
function printStats(stats: readonly string[], rows: readonly SummaryRow[], frames: readonly ImportedFrame[], io: Io): void {
  for (const stat of [...stats].reverse()) {
    const follow = STATS[0].exec(stat);
    let text: string;
    if (follow !== null) text = followTcp(rows, frames, Number(follow[2]), follow[1] === 'hex' ? 'hex' : 'ascii');
    else if (stat === 'conv,tcp') text = conversationsTcp(rows, frames);
    else if (stat.startsWith('conv,')) text = conversations(frames, stat.slice(5) as ConversationKind);
    else if (stat.startsWith('endpoints,')) text = endpoints(frames, stat.slice(10) as EndpointKind);
    else if (stat.startsWith('flow,')) {
      const [, kind, mode] = stat.split(',') as [string, FlowKind, FlowAddressMode];
      text = formatFlowGraph(flowGraph(rows, frames, kind, mode));
    }
    else text = expertInfo(rows, frames);
    // A view with nothing to say (expert info of a clean capture) prints nothing, not a blank line.
    if (text.replace(/\n$/, '') !== '') io.out(text.replace(/\n$/, ''));
  }
}

/** tshark's wording for files it cannot open. */
function cannotRead(file: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return `The file "${file}" doesn't exist.`;
  if (code === 'EISDIR') return `"${file}" is a directory (folder), not a file.`;
  if (code === 'EACCES') return `The file "${file}" can't be opened: permission denied.`;
  return `The file "${file}" can't be opened: ${e instanceof Error ? e.message : String(e)}`;
}
