/**
 * Twilio Programmable Messaging payloads (form-encoded webhooks, JSON REST responses).
 * Twilio adds parameters without notice, so these list what we read, never a whitelist:
 * signatures always cover every parameter received.
 */

/** Inbound message webhook parameters (SMS, MMS, and WhatsApp through Twilio). */
export interface TwilioInboundParams {
  MessageSid: string;
  SmsSid?: string;
  SmsMessageSid?: string;
  AccountSid: string;
  MessagingServiceSid?: string;
  /** Customer: "+14155550100", or "whatsapp:+14155550100" for Twilio's WhatsApp sender. */
  From: string;
  /** Our number (or "whatsapp:+…" sender). */
  To: string;
  Body?: string;
  NumMedia?: string;
  NumSegments?: string;
  SmsStatus?: string;
  ApiVersion?: string;
  /** WhatsApp through Twilio: profile name and WhatsApp id. */
  ProfileName?: string;
  WaId?: string;
  /** WhatsApp quick-reply button tapped on a template. */
  ButtonText?: string;
  ButtonPayload?: string;
  /** Advanced Opt-Out: STOP / START / HELP when Twilio matched a keyword. */
  OptOutType?: string;
  Latitude?: string;
  Longitude?: string;
}

/** Status callback parameters for a message we sent. */
export interface TwilioStatusParams {
  MessageSid: string;
  MessageStatus: string;
  ErrorCode?: string;
  AccountSid: string;
  From?: string;
  To?: string;
  SmsStatus?: string;
  ApiVersion?: string;
}

/** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` response (the parts we read). */
export interface TwilioMessageResource {
  sid: string;
  status: string;
  to?: string;
  from?: string;
  num_segments?: string;
  error_code?: number | null;
}

/** Twilio REST error body. */
export interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}
