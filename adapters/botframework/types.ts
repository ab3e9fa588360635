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
