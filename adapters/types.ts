import type { ConversationRef, StoredMessage } from '../bot/index.ts';

/** What a channel can show, so formatting degrades gracefully and bot/ never asks "which channel?". */
export interface ChannelCapabilities {
  /** How answers' Markdown is delivered: sanitized HTML, or plain text. */
  markup: 'html' | 'plain';
  /** Most suggestions the channel can show as tappable choices (0: render them as text). */
  maxSuggestions: number;
  /** Longest text the channel accepts in one message. */
  maxTextLength: number;
  /** Whether the channel can show a typing indicator. */
  typingIndicator: boolean;
}

export interface SendResult {
  messageId: string;
  ok: boolean;
  /** Provider's id for the sent message, when it gives one. */
  providerId?: string;
  error?: string;
}

/** The shape every channel adapter shares. */
export interface ChannelAdapter {
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  /** Deliver stored messages (bot or agent replies) into a conversation on this channel. */
  send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]>;
}
