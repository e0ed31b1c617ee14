// The statistics views `tshark -q -z` prints, computed from dissected rows and their frames.
export { followTcp } from './follow-tcp.ts';
export { conversationsTcp } from './conversations-tcp.ts';
export { expertInfo } from './expert-info.ts';
export { conversations, type ConversationKind } from './conversations.ts';
export { endpoints, type EndpointKind } from './endpoints.ts';
export { flowGraph, formatFlowGraph, type FlowGraph, type FlowItem, type FlowKind, type FlowAddressMode } from './flow-graph.ts';
