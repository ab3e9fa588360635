import { z } from 'zod';

/**
 * The conversation test format (see eval/SUITES.md; editors validate against
 * eval/suites/suite.schema.json, which must say the same as these schemas).
 */

/** What the bot did with a customer turn. `fallback`: not understood, helpful reply, no handoff yet; `none`: no reply (a person holds the conversation). */
export const ZONES = ['answer', 'clarify', 'fallback', 'handoff', 'none'] as const;
export type Zone = (typeof ZONES)[number];

const textList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Expectation fields, all optional; every one given must hold. */
const expectShape = {
  /** The entry the bot answered from (small talk: the conversation entry's id). */
  entry: z.string().min(1).optional(),
  zone: z.enum(ZONES).optional(),
  /** Language of the bot's reply. */
  language: z.string().min(2).max(12).optional(),
  /** Each text appears in the bot's replies (case-insensitive). */
  contains: textList.optional(),
  /** No text appears in the bot's replies (case-insensitive). */
  not_contains: textList.optional(),
  /** These entry ids are among the offered suggestions. */
  suggestions: z.array(z.string().min(1)).min(1).optional(),
  /** The conversation is (true) or is not (false) with the human queue or an agent after the turn. */
  handoff: z.boolean().optional(),
  /** The handoff packet's transcript holds every customer turn so far. */
  handoff_transcript: z.literal(true).optional(),
  /** The bot answered within this many milliseconds. */
  latency_ms: z.number().positive().optional(),
};

export const NegatedExpect = z.object(expectShape).strict();
export const Expect = z.object({ ...expectShape, not: NegatedExpect.optional() }).strict();
export type Expectation = z.infer<typeof Expect>;

export const CustomerTurn = z.object({
  /** What the customer writes. */
  say: z.string().min(1),
  /** Channel id of the conversation (in process; over HTTP every turn goes through the chat API). */
  channel: z.string().min(1).optional(),
  /** Language hint from the client (page language). */
  lang: z.string().min(2).max(12).optional(),
  /** The clock at this turn (ISO 8601), for business hours. In process only. */
  at: z.string().datetime({ offset: true }).optional(),
  /** A failure of this turn's expectations is reported but does not fail the test. */
  optional: z.boolean().optional(),
  expect: Expect.optional(),
}).strict();
export type CustomerTurn = z.infer<typeof CustomerTurn>;

export const AGENT_ACTIONS = ['claim', 'reply', 'resolve'] as const;
export const AgentStep = z.object({
  /** What the agent does in the console. */
  agent: z.enum(AGENT_ACTIONS),
  /** The agent's message (reply). */
  text: z.string().min(1).optional(),
  optional: z.boolean().optional(),
}).strict().refine((s) => s.agent !== 'reply' || s.text, { message: 'an agent reply needs "text"', path: ['text'] });
export type AgentStep = z.infer<typeof AgentStep>;

export const TestHeader = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** Any regression of this test fails a baseline gate, whatever the paired test says. */
  critical: z.boolean().optional(),
  /** Skip this test, with the reason. */
  skip: z.string().min(1).optional(),
  turns: z.array(z.unknown()).min(1),
}).strict();

export const SuiteHeader = z.object({
  suite: z.string().min(1),
  description: z.string().optional(),
  defaults: z.object({
    channel: z.string().min(1).optional(),
    lang: z.string().min(2).max(12).optional(),
    latency_ms: z.number().positive().optional(),
  }).strict().optional(),
  tests: z.array(z.unknown()).min(1),
}).strict();

/** One parsed step, with the line it starts on. */
export type Step = ({ kind: 'customer' } & CustomerTurn | { kind: 'agent' } & AgentStep) & { line: number };

export interface SuiteTest {
  name: string;
  description?: string;
  tags: string[];
  critical: boolean;
  skip?: string;
  line: number;
  steps: Step[];
}

export interface Suite {
  name: string;
  description?: string;
  /** The file it came from, as given. */
  file: string;
  tests: SuiteTest[];
}
