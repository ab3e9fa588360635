/**
 * Each dashboard figure's definition, word for word as in docs/METRICS.md (a test keeps the two
 * in step): the dashboard shows them as tooltips and the API serves them.
 */
export const METRIC_DEFINITIONS: Record<string, string> = {
  conversations: 'Visits that started in the range. A visit starts with a customer\'s first message, or their first after 30 minutes of silence while the bot held the conversation; it belongs to the day, channel and language it started in.',
  containment: 'Share of conversations with no handoff to a person.',
  durable_containment: 'Share of conversations with no handoff after which the same customer, on any linked channel, started no other conversation within 24 hours.',
  handoff_rate: 'Share of conversations handed to a person, in total and per reason: the customer asked for a person, low confidence (first question the bot could not answer, when configured to hand off at once), repeated failure, or a handoff keyword.',
  decision_share: 'Share of the bot\'s decisions on customers\' messages in each zone: answer, clarify (suggestions offered), fallback (not understood), handoff, small talk.',
  first_response: 'From the handoff to the first agent message, median and 90th percentile, in calendar time and in business hours (only the time the team was open counts).',
  resolution: 'From the handoff to the agent marking the conversation resolved, median and 90th percentile, in calendar time and in business hours.',
  csat: 'Average and distribution of the 1–5 ratings customers gave after a resolved handoff; satisfied is the share of 4 and 5.',
  answer_votes: 'Share of helpful votes among the helpful / not-helpful votes customers gave on the bot\'s answers (a changed vote counts once, as its last value).',
  article_votes: 'Share of helpful votes among the "Was this helpful?" votes on help-center articles.',
  help_views: 'Help-center article page views.',
  help_searches: 'Help-center searches, and the share of them without a good result.',
  funnel: 'Customers\' questions to the bot (answer, clarify, fallback and handoff decisions), of which answered, and helpful votes on answers.',
  top_entries: 'The entries the bot answered most often.',
  failing_entries: 'Entries whose answers were most often followed by a "not helpful" vote, a rephrase (within 5 minutes the customer got a clarification, a fallback or the same answer again) or a handoff as the next decision.',
};
