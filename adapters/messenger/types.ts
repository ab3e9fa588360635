/** Messenger Platform payloads (page webhooks and the Send API). Only what we read or write. */

export interface MessengerWebhook {
  object: string;
  entry?: MessengerEntry[];
}

export interface MessengerEntry {
  /** Page id. */
  id: string;
  time: number;
  /** Events for threads this app owns. */
  messaging?: MessengerEvent[];
  /** Events for threads another app (e.g. the Page Inbox) owns: we watch, never answer. */
  standby?: MessengerEvent[];
}

export interface MessengerEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: {
    mid: string;
    text?: string;
    quick_reply?: { payload: string };
    reply_to?: { mid: string };
    attachments?: Array<{ type: string; payload?: { url?: string } }>;
    /** A copy of what the page sent (by us or a person in the Page Inbox). */
    is_echo?: boolean;
    app_id?: number;
    metadata?: string;
  };
  postback?: { mid?: string; title: string; payload: string; referral?: unknown };
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark: number };
  reaction?: { mid: string; action: string; emoji?: string; reaction?: string };
  [other: string]: unknown;
}

/** What `format` decides of a Send API request (recipient and messaging type come from the adapter). */
export interface MessengerMessage {
  text: string;
  quick_replies?: Array<{ content_type: 'text'; title: string; payload: string }>;
}

/** `POST /me/messages` body. */
export interface MessengerSendRequest {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT' | 'ACCOUNT_UPDATE' | 'CONFIRMED_EVENT_UPDATE' | 'POST_PURCHASE_UPDATE' | 'CUSTOMER_FEEDBACK';
  message: MessengerMessage;
}

export interface MessengerSendResponse {
  recipient_id: string;
  message_id: string;
}
