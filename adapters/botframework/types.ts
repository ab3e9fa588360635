import { z } from 'zod';

/**
 * Bot Framework activities (the subset we read and write; see botframework-schema's Activity) and
 * what we keep per address to reach it later.
 */

export interface BfAccount {
  id: string;
  name?: string;
  role?: string;
  aadObjectId?: string;
}

export interface BfCardAction {
  type: 'imBack' | 'postBack' | 'messageBack' | 'openUrl' | string;
  title: string;
  value?: unknown;
  text?: string;
  displayText?: string;
}

export interface BfActivity {
  type: 'message' | 'conversationUpdate' | 'typing' | 'event' | 'invoke' | 'endOfConversation' | 'installationUpdate' | 'messageReaction' | string;
  id?: string;
  timestamp?: string;
  localTimestamp?: string;
  channelId: string;
  serviceUrl: string;
  from: BfAccount;
  recipient: BfAccount;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean; name?: string };
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  locale?: string;
  value?: unknown;
  attachments?: Array<{ contentType: string; contentUrl?: string; content?: unknown; name?: string }>;
  suggestedActions?: { to?: string[]; actions: BfCardAction[] };
  entities?: unknown[];
  channelData?: unknown;
  replyToId?: string;
  membersAdded?: BfAccount[];
}

/** Where replies to one Bot Framework user go (a ConversationReference, kept in the channel store). */
export interface BfAddress {
  serviceUrl: string;
  channelId: string;
  conversation: BfActivity['conversation'];
  bot: BfAccount;
  user: BfAccount;
  locale?: string;
}

/** `POST /v3/conversations/{id}/activities` response. */
export interface BfResourceResponse {
  id?: string;
}

const account = z.object({ id: z.string().min(1), name: z.string().optional() }).passthrough();
/** An ISO 8601 date the way channels stamp activities. */
const isoDate = z.string().refine((t) => !Number.isNaN(Date.parse(t)), { message: 'expected an ISO 8601 date' });

/**
 * What every activity must carry for botbuilder to authenticate and route it, and the types of
 * the fields parse.ts reads from messages (see BfActivity). Others pass through.
 */
export const BfActivitySchema = z.object({
  type: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  conversation: z.object({ id: z.string().min(1) }).passthrough(),
  from: account.optional(),
  recipient: account.partial().passthrough().optional(),
  id: z.string().optional(),
  timestamp: isoDate.optional(),
  text: z.string().optional(),
  locale: z.string().optional(),
  attachments: z.array(z.object({ contentType: z.string().optional() }).passthrough()).optional(),
}).passthrough().refine((a) => a.type !== 'message' || a.from !== undefined, { message: 'a message needs a sender', path: ['from'] });
