/** bot/: the channel-agnostic core. No HTTP and no channel names in here. */
export { ChineseScripts, type ScriptMemory } from './chinese-script.ts';
export type { Attachment, ConversationRef, Conversation, Customer, InboundEvent, Logger, OutboundMessage, Ownership, StoredMessage, Suggestion } from './types.ts';
export { silentLogger } from './types.ts';
export { Bot, createBot, PERSON_CHOICE, parseRating, type BotOptions, type HandleResult, type KnowledgePort, type Turn, type TurnOutcome, type TurnReport } from './bot.ts';
export { InputError } from './errors.ts';
export { isStorableId, storableId, storableJson, storableText } from './stored-text.ts';
export { ConversationStore, type ConversationNote, type OwnershipEvent } from './conversation-store.ts';
export { ConversationOwnership, OwnershipError, OWNERSHIP_STATES, OWNERSHIP_TRANSITIONS, ownershipAction, type OwnershipAction, type TransitionRequest } from './ownership.ts';
export { BusinessHours, type BusinessHoursStatus } from './business-hours.ts';
export { openPglite, openPostgres, type Database, type PgliteDatabase, type SqlClient, type SqlTransaction } from './db.ts';
export { LoopTurns } from './loop-turns.ts';
export { yieldingDatabase } from './yielding-database.ts';
export { observedDatabase, type StatementObserver } from './observed-database.ts';
export { openPgliteThread } from './pglite-thread.ts';
export { migrate, SCHEMA, type Migration, type ModuleMigrations } from './schema.ts';
export { addressIn, BOT_PERSONAL_DATA, dataSubject, erasePersonalRows, IN_SUBJECT_CONVERSATIONS, OF_SUBJECT_CUSTOMER, personalRows, SUBJECT, SUBJECT_DELIVERY, subjectMessage, subjectParams, type DataSubject, type PersonalDataPart, type PersonalTable } from './personal-data.ts';
export { decide, suggestionFloor, withThresholds, type PolicyDecision, type PolicyOptions } from './policy.ts';
export { detectPlatformIntent, findHandoffKeyword, type PlatformIntent } from './intents.ts';
export { isQueueCancel } from './queue-cancel.ts';
export { phrase, BOT_LANGUAGES, type BotPhrase } from './messages.ts';
export {
  CATALOGUES, CATALOGUE_LANGUAGES, catalogueGaps, catalogueLanguage, cataloguePart, categoryName, fillPlaceholders, placeholdersOf, primaryLanguage, t, textDirection,
  type Catalogue, type CatalogueGap, type CatalogueKey,
} from './catalogue/index.ts';
export { buildHandoffPacket, handoffInitiation, handoffStatus, toActivities, type HandoffInitiation, type HandoffPacket, type HandoffReason, type TranscriptActivity } from './handoff.ts';
export { compose, type Middleware } from './compose.ts';
export { AnsweredTally, starterTopics, type StarterTopicsDeps } from './starter-topics.ts';
export { chooseLanguage, type LanguageChoiceOptions } from './language-choice.ts';
