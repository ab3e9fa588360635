/** A customer as a search lists them: the API's answer and the console's view of it (no imports, so the browser code may use it). */
export interface CustomerSummary {
  id: string;
  displayName?: string;
  identities: Array<{ channel: string; address: string }>;
  conversations: number;
  messages: number;
  firstSeen: string;
  lastSeen?: string;
}
