/**
 * English: the reference catalogue. Every other language must have every key here, with the
 * same `{placeholders}` (catalogue.test.ts). Keys are flat; a prefix says where the words show:
 * none = the bot's own replies and desk notices, `widget.` = the web chat's chrome,
 * `help.` = the help center's frame, `category.` = knowledge-base category names,
 * `error.` = errors a customer can see, `sms.` = SMS keywords.
 */
export const en = {
  greeting: 'Hello! Ask me anything about orders, delivery, returns, refunds, payments or your account.',
  thanks: "You're welcome! Is there anything else I can help with?",
  restart: "Let's start over. What would you like to know?",
  handoff: "I'm passing you to a colleague who can help. They will see everything we discussed, so you won't need to repeat yourself.",
  handoffRepeated: "I'm sorry I couldn't find the answer. I'm passing you to a colleague, who will see our whole conversation.",
  clarify: 'I am not sure I understood. Did you mean one of these?',
  relatedIntro: 'Related questions:',
  queuePosition: 'You are number {position} in the queue. Stay here: your messages go straight to the person who picks this up.',
  queueNext: 'You are next in the queue. Stay here: your messages go straight to the person who picks this up.',
  outsideHours: 'Our team is away right now (opening hours: {hours}). Leave your message here: it is in the queue, and a colleague will answer from {next}.',
  stillWaiting: 'Sorry for the wait: everyone is busy right now. You are still number {position} in the queue and a colleague will be with you as soon as possible.',
  agentJoined: '{name} from our team has joined the conversation.',
  agentJoinedTeam: 'A colleague from our support team has joined the conversation.',
  agentLeft: 'Our colleague has closed this conversation. If you have another question, just ask me.',
  ratingPrompt: 'How did we do? Reply with a number from 1 (poor) to 5 (excellent).',
  ratingThanks: 'Thank you for your rating! Is there anything else I can help with?',
  clarifyOne: 'I am not sure I understood. Did you mean this?',
  notUnderstood: "I'm not sure I understood. Could you put it in other words? I can help with the topics below, and if you would rather talk to a person, just say so.",
  queueWaiting: 'You are number {position} in the queue, and a colleague will read everything you write here. To go back to the assistant, write "cancel".',
  queueWaitingNext: 'You are next in the queue, and a colleague will read everything you write here. To go back to the assistant, write "cancel".',
  queueLeft: 'You have left the queue and are back with the assistant. What would you like to know?',
  backWithAssistant: 'Our colleague has closed this conversation, and you are back with the automated assistant. Ask me anything, or write "talk to a person" to reach the team again.',
  queueWaitEstimate: 'Lately a colleague has taken over within about {minutes} min.',

  /** The bot's name when BOT_NAME is not set. */
  botName: 'Assistant',
  /** This language's name in itself, for language menus. */
  languageName: 'English',

  'widget.chat': 'Chat',
  'widget.close': 'Close chat',
  'widget.label': 'Your message',
  'widget.placeholder': 'Type your message…',
  'widget.send': 'Send',
  'widget.connecting': 'Connecting…',
  'widget.reconnecting': 'Reconnecting…',
  'widget.typing': '{name} is typing',
  'widget.sending': 'Sending…',
  'widget.notSent': 'Not sent',
  'widget.roleCustomer': 'You:',
  'widget.roleBot': '{name}:',
  'widget.roleAgent': 'Agent:',
  'widget.roleSystem': 'Notice:',
  'widget.log': 'Conversation',
  'widget.suggestions': 'Suggested topics',
  'widget.unread': 'new messages',
  'widget.dismiss': 'Dismiss',
  'widget.welcome': "Hi, I'm {name}. Ask me a question, or choose a topic:",
  'widget.starters': 'Popular topics',
  'widget.feedback': 'Was this answer helpful?',
  'widget.helpful': 'Helpful',
  'widget.unhelpful': 'Not helpful',
  'widget.feedbackFailed': 'Your feedback could not be sent',
  'widget.rating': 'Rate our help',
  'widget.ratingStar': '{n} out of 5',
  'widget.ratingFailed': 'Your rating could not be sent',

  'error.empty': 'The message is empty',
  'error.tooLong': 'The message is too long (at most {max} characters)',
  'error.internal': 'Something went wrong. Please try again.',
  'error.refused': 'This could not be sent',

  'help.title': 'Help center',
  'help.intro': 'Answers to the questions our customers ask most.',
  'help.languages': 'Language',
  'help.searchLabel': 'Search the help center',
  'help.searchPlaceholder': 'Search questions…',
  'help.searchButton': 'Search',
  'help.results': 'Results for “{query}”',
  'help.noResults': 'Nothing matches “{query}”. Try other words, or ask our assistant.',
  'help.all': 'All questions',

  'category.account': 'Your account',
  'category.contact': 'Contact us',
  'category.delivery': 'Delivery',
  'category.orders': 'Orders',
  'category.payments': 'Payments',
  'category.privacy': 'Privacy',
  'category.refunds': 'Refunds',
  'category.returns': 'Returns',
  'category.general': 'General',

  'sms.help': 'This is our automated help line. Send your question in a few words and we will answer. Reply STOP to unsubscribe, START to subscribe again.',
};

/** Every key of the catalogue. */
export type CatalogueKey = keyof typeof en;
/** One language's complete catalogue. */
export type Catalogue = Record<CatalogueKey, string>;
