import { z } from 'zod';

/**
 * WhatsApp Business Cloud API payloads (Graph API webhooks and the /messages endpoint).
 * Only what we read or write; Meta adds fields freely.
 */

export interface WaWebhook {
  object: string;
  entry?: WaEntry[];
}

export interface WaEntry {
  /** WhatsApp Business Account id. */
  id: string;
  changes?: WaChange[];
}

export interface WaChange {
  field: string;
  value: WaValue;
}

export interface WaValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile?: { name?: string }; wa_id?: string; user_id?: string }>;
  messages?: WaMessage[];
  statuses?: WaStatus[];
  errors?: WaError[];
}

export interface WaMessage {
  from: string;
  id: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  type: 'text' | 'interactive' | 'button' | 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'location' | 'contacts' | 'reaction' | 'order' | 'system' | 'unsupported' | string;
  text?: { body: string };
  interactive?: {
    type: 'button_reply' | 'list_reply' | 'nfm_reply' | string;
    button_reply?: { id: string; title: string };
    list_reply?: { id: string; title: string; description?: string };
  };
  /** Quick-reply button on a template. */
  button?: { payload?: string; text: string };
  /** Media of an image, audio, video, document or sticker message (the field named as its type). */
  image?: WaMedia;
  audio?: WaMedia;
  video?: WaMedia;
  document?: WaMedia;
  sticker?: WaMedia;
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  /** An emoji on one of the business's messages; an empty emoji takes it back. */
  reaction?: { message_id?: string; emoji?: string };
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  errors?: WaError[];
}

/** A media object of an inbound message: its id is fetched through the Graph API (GET /<id>) with the access token. */
export interface WaMedia { id?: string; mime_type?: string; caption?: string; filename?: string; voice?: boolean }

export interface WaStatus {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'deleted' | string;
  timestamp: string;
  recipient_id: string;
  conversation?: { id: string; origin?: { type: string }; expiration_timestamp?: string };
  pricing?: { billable: boolean; pricing_model: string; category: string };
  errors?: WaError[];
}

export interface WaError {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}

/** Graph API error body. */
export interface GraphErrorBody {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string; error_data?: { details?: string } };
}

/** The part of a send request that `format` decides (recipient fields are added by the adapter). */
export type WaOutbound =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'interactive'; interactive: WaInteractive }
  | { type: 'template'; template: { name: string; language: { code: string }; components?: unknown[] } }
  | { type: 'image'; image: { link: string } }
  | { type: 'document'; document: { link: string; filename?: string } };

export type WaInteractive =
  | { type: 'button'; body: { text: string }; action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> } }
  | { type: 'list'; body: { text: string }; action: { button: string; sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }> } };

/** `POST /{phone-number-id}/messages` response. */
export interface WaSendResponse {
  messaging_product: 'whatsapp';
  contacts?: Array<{ input: string; wa_id: string }>;
  messages?: Array<{ id: string; message_status?: string }>;
}

const reply = z.object({ id: z.string(), title: z.string() }).passthrough();
const waError = z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }).passthrough();
/** Seconds since the epoch, as Meta sends them (a string of digits). */
const epochSeconds = z.union([z.string().regex(/^\d{1,12}$/, 'expected epoch seconds'), z.number().int().nonnegative()]);

/** The batch around the changes: entries, each with its changes (a change's value is checked by its field). */
export const WaEnvelopeSchema = z.object({
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.unknown(), value: z.unknown() }).passthrough()).optional() }).passthrough()),
}).passthrough();

/** The fields of a "messages" change that parse.ts reads, with their types (see WaValue). */
export const WaMessagesValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().optional() }).passthrough().optional(),
  contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
  messages: z.array(z.object({
    id: z.string().min(1),
    from: z.string().min(1),
    timestamp: epochSeconds.optional(),
    type: z.string(),
    text: z.object({ body: z.string() }).passthrough().optional(),
    interactive: z.object({ type: z.string().optional(), button_reply: reply.optional(), list_reply: reply.optional() }).passthrough().optional(),
    button: z.object({ payload: z.string().optional(), text: z.string().optional() }).passthrough().optional(),
  }).passthrough()).optional(),
  statuses: z.array(z.object({ id: z.string().min(1), status: z.string(), errors: z.array(waError).optional() }).passthrough()).optional(),
  errors: z.array(waError).optional(),
}).passthrough();
