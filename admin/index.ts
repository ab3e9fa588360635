/**
 * admin/: the admin HTTP API and UI. Today: console accounts and roles (admin/auth, reusable by
 * the knowledge editor), and the agent console for human handoff (admin/console).
 */
export { chartsRouter, inlineChartScripts, CHART_JS_FILE, CHART_HELPERS_FILE } from './charts/index.ts';
export { createAdmin, ADMIN_PUBLIC_DIR, type AdminHandle, type AdminOptions, type RedisHealthReport } from './admin.ts';
export { RedisChannel, type RedisChannelOptions, type RedisHealth } from './redis-channel.ts';
export {
  UserStore, SessionStore, requireUser, currentUser, sameOriginWrites, can, permissionsOf, ROLES, SESSION_COOKIE,
  ensureFirstAdmin, DEFAULT_ADMIN_EMAIL, hashPassword, verifyPassword, generatePassword,
  type User, type Role, type Permission, type FirstAdminResult,
} from './auth/index.ts';
export { HandoffDesk, type AdapterRegistry, type Delivery, type HandoffDeskOptions } from './console/desk.ts';
export { MemoryBus, redisBus, type ConsoleEvent, type LiveBus } from './console/live.ts';
export { WebhookDispatcher, signWebhook, SIGNATURE_HEADER, type WebhookDelivery, type WebhookOptions } from './console/webhooks.ts';
