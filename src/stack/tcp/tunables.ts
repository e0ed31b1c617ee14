// The numbers a Debian 12 (Linux 6.1) host uses for TCP: sysctl defaults and kernel constants.
// Captures are compared with real ones, so each value says where it comes from.
import { MS, SECOND } from '../../engine/time.ts';

/** Default MSS when the peer sends no MSS option (RFC 9293 §3.7.1, Linux TCP_MSS_DEFAULT). */
export const TCP_MSS_DEFAULT = 536;
/** IPv4 + TCP headers without options: MSS = MTU - 40 (RFC 9293 §3.7.1). */
export const TCP_IP_HEADERS = 40;
/** NOP NOP + Timestamps on every segment once negotiated (RFC 7323 Appendix A layout). */
export const TS_OPTION_SPACE = 12;
/** Window scale shift Linux picks for tcp_rmem[2] = 6 MB (tcp_select_initial_window). */
export const RCV_WSCALE = 7;
/** Largest receive window we grow to: half of tcp_rmem[2] (tcp_adv_win_scale = 1). */
export const RCV_WINDOW_CLAMP = 3 * 1024 * 1024;
/** Send buffer limit (tcp_wmem[2] = 4 MB); send() accepts at most this much queued data. */
export const SND_BUF = 4 * 1024 * 1024;
/** onWritable fires when the send queue drains to this (sk_stream_wspace-like low-water mark). */
export const SND_LOWAT = SND_BUF / 2;

/** Initial congestion window in segments (RFC 6928, Linux TCP_INIT_CWND). */
export const TCP_INIT_CWND = 10;

/** RTO bounds (RFC 6298 §2 with Linux TCP_TIMEOUT_INIT, TCP_RTO_MIN, TCP_RTO_MAX). */
export const RTO_INITIAL = 1 * SECOND;
export const RTO_MIN = 200 * MS;
export const RTO_MAX = 120 * SECOND;
/** RFC 6298 §5.7: RTO after a handshake that needed a retransmission (TCP_TIMEOUT_FALLBACK). */
export const RTO_FALLBACK = 3 * SECOND;

/** net.ipv4.tcp_syn_retries: SYN sent at 0, 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at 127 s. */
export const SYN_RETRIES = 6;
/** net.ipv4.tcp_synack_retries: a half-open child is dropped 63 s after its first SYN-ACK. */
export const SYNACK_RETRIES = 5;
/** net.ipv4.tcp_retries2: retransmissions of data before ETIMEDOUT (about 15 minutes). */
export const RETRIES2 = 15;

/** Delayed ACK timeout (Linux TCP_DELACK_MIN; RFC 9293 §3.8.6.3 allows up to 500 ms). */
export const DELACK = 40 * MS;
/** Linux TCP_MAX_QUICKACKS: data segments acknowledged at once in quickack mode. */
export const QUICKACKS = 16;

/** TIME-WAIT length (Linux TCP_TIMEWAIT_LEN, "2 MSL"). */
export const TIME_WAIT = 60 * SECOND;
/** net.ipv4.tcp_fin_timeout: how long an orphaned socket waits in FIN-WAIT-2. */
export const FIN_TIMEOUT = 60 * SECOND;

/** net.ipv4.ip_local_port_range. */
export const EPHEMERAL_LOW = 32768;
export const EPHEMERAL_HIGH = 60999;
/** listen() backlog when the caller gives none (SOMAXCONN was 128 until Linux 5.4; 4096 now caps). */
export const DEFAULT_BACKLOG = 128;
export const SOMAXCONN = 4096;
