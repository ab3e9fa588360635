import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { VerifyResult } from '../types.ts';
import type { BfActivity } from './types.ts';

/** Bot identity (MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD); both empty for local use with the Emulator. */
export interface BotFrameworkCredentials {
  appId?: string;
  appPassword?: string;
  /** MultiTenant (default), SingleTenant or UserAssignedMSI. */
  appType?: string;
  tenantId?: string;
  /**
   * OpenID metadata of the channel service's token signer. Default Microsoft's; tests point it at a
   * local fake that signs with its own key.
   */
  openIdMetadataUrl?: string;
}

/** Public-cloud endpoints (botframework-connector's AuthenticationConstants), needed when one of them is overridden. */
const PUBLIC_CLOUD = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/**
 * botbuilder's authentication for inbound requests: validates the channel's JWT (issuer, audience
 * = our app id, signature against the published keys, serviceurl claim). Without an app id it is
 * disabled, as the Emulator expects.
 */
export function botFrameworkAuthentication(c: BotFrameworkCredentials): ConfigurationBotFrameworkAuthentication {
  const identity = {
    MicrosoftAppId: c.appId ?? '', MicrosoftAppPassword: c.appPassword ?? '', MicrosoftAppType: c.appType ?? 'MultiTenant', MicrosoftAppTenantId: c.tenantId ?? '',
  };
  // Overriding one endpoint makes botbuilder expect all of them (BotFrameworkAuthenticationFactory).
  const config = c.openIdMetadataUrl ? { ...identity, ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: c.openIdMetadataUrl } : identity;
  return new ConfigurationBotFrameworkAuthentication(config as ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0]);
}

/** Check a request's `Authorization` header for this activity: 401 when missing or invalid. */
export async function verifyBotFrameworkRequest(auth: ConfigurationBotFrameworkAuthentication, activity: BfActivity, authorization: string | undefined): Promise<VerifyResult> {
  try {
    await auth.authenticateRequest(activity as Parameters<typeof auth.authenticateRequest>[0], authorization ?? '');
    return { ok: true };
  } catch (err) {
    return { ok: false, status: 401, reason: `invalid or missing Bot Framework token: ${(err as Error).message}` };
  }
}
