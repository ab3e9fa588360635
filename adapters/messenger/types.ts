import { z } from 'zod';

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
    attachments?: Array<{ type: string; payload?: { url?: string; sticker_id?: number } }>;
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
export type MessengerMessage = ({ text: string } | { attachment: MessengerAttachment }) & {
  quick_replies?: Array<{ content_type: 'text'; title: string; payload: string }>;
};

/** A photo or file Messenger fetches from a link (Send API, `attachment.payload.url`). */
export interface MessengerAttachment {
  type: 'image' | 'file';
  payload: { url: string; is_reusable: boolean };
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

/** Milliseconds since the epoch, as Messenger sends them. */
const epochMs = z.number().int().nonnegative().max(8.64e15);

/** The fields of a messaging event that parse.ts reads, with their types (see MessengerEvent). */
export const MessengerEventSchema = z.object({
  sender: z.object({ id: z.string().min(1) }).passthrough(),
  recipient: z.object({ id: z.string() }).passthrough().optional(),
  timestamp: epochMs.optional(),
  message: z.object({
    mid: z.string().min(1),
    text: z.string().optional(),
    is_echo: z.boolean().optional(),
    quick_reply: z.object({ payload: z.string() }).passthrough().optional(),
    attachments: z.array(z.object({ type: z.string() }).passthrough()).optional(),
  }).passthrough().optional(),
  postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).passthrough().optional(),
  delivery: z.object({ mids: z.array(z.string()).optional(), watermark: epochMs }).passthrough().optional(),
  read: z.object({ watermark: epochMs }).passthrough().optional(),
}).passthrough();

/** A page webhook's entries, their events checked with MessengerEventSchema (standby events only need to be objects). */
export const MessengerEnvelopeSchema = z.object({
  entry: z.array(z.object({
    messaging: z.array(MessengerEventSchema).optional(),
    standby: z.array(z.object({ message: z.object({ is_echo: z.boolean().optional() }).passthrough().optional() }).passthrough()).optional(),
  }).passthrough()),
}).passthrough();
